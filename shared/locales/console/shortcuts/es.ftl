# La lista de atajos de teclado. Ver en.ftl.

shortcuts-title = Atajos de teclado
shortcuts-hint = Funcionan cuando usted no está escribiendo en un campo.
shortcuts-close = Cerrar
shortcuts-next = Siguiente conversación
shortcuts-previous = Conversación anterior
shortcuts-accept = Aceptar la conversación ofrecida
shortcuts-reply = Escribir una respuesta
shortcuts-note = Escribir una nota privada (otra vez: vuelve a la respuesta)
shortcuts-responses = Insertar una respuesta predefinida
shortcuts-transfer = Transferir la conversación
shortcuts-close-conversation = Cerrar la conversación (luego Enter para confirmar)
shortcuts-leave = Salir del cuadro de respuesta, para que los atajos vuelvan a funcionar
shortcuts-help = Mostrar u ocultar esta lista
