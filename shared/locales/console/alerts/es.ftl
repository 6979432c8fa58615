# Las alertas. Ver en.ftl.

alerts-offered = Nueva conversación: { $name }
alerts-transferred = { $name } ahora es tuya
alerts-late = { $name } espera una respuesta
alerts-late-anyone = Un cliente espera una respuesta
alerts-title = Consola de Canal
