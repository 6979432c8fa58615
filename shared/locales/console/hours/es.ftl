# El horario de atención de un canal (console/src/view/hours.rs). Ver en.ftl.

hours-title = Horario de atención
hours-intro = Fuera de este horario, los visitantes reciben la respuesta fuera de horario de arriba.
hours-on = Limitar al horario de atención
hours-on-hint = Desactivado, el canal está siempre abierto: la respuesta solo se envía cuando no hay ningún operador en línea.
hours-zone = Zona horaria
hours-zone-hint = Un nombre como America/Mexico_City. Los horarios son los del reloj de ese lugar, con el horario de verano incluido.
hours-zone-missing = Ingrese una zona horaria, como America/Mexico_City.

## Horario de apertura por día de la semana

hours-week = Horario de apertura
hours-week-hint = Un día sin horario está cerrado. Un horario que cierra a la misma hora en que abre, o antes, pasa de la medianoche.
hours-copy-weekdays = Copiar el lunes a los días hábiles
hours-copy-weekdays-hint = De martes a viernes reciben el horario del lunes.
hours-closed = Cerrado
hours-add = Agregar horario
hours-add-label = Agregar horario: { $day }
hours-span-name = { $day } (horario { $number })
hours-span-opens = { $name }: apertura
hours-span-closes = { $name }: cierre
hours-span-overnight = hasta el día siguiente
hours-span-remove = Quitar
hours-span-remove-label = Quitar horario: { $name }
hours-span-no-start = Ingrese la hora de apertura: { $name }.
hours-span-no-end = Ingrese la hora de cierre: { $name }.
hours-overlap = Los horarios se superponen ({ $day }): un intervalo debe terminar antes de que empiece el siguiente, y solo el último puede pasar de la medianoche.
hours-monday = Lunes
hours-tuesday = Martes
hours-wednesday = Miércoles
hours-thursday = Jueves
hours-friday = Viernes
hours-saturday = Sábado
hours-sunday = Domingo

## Feriados

hours-holidays = Feriados
hours-holidays-hint = Cerrado todo el día, sea cual sea el horario del día de la semana.
hours-no-holiday = Ningún feriado.
hours-holiday-remove = Quitar
hours-holiday-remove-label = Quitar el feriado { $holiday }
hours-holiday-date = Una fecha
hours-holiday-add-date = Agregar fecha
hours-holiday-month = Cada año: mes
hours-holiday-day = Día
hours-holiday-add-yearly = Agregar cada año
hours-holiday-no-date = Ingrese una fecha o elija una en el calendario.
hours-holiday-no-day = Ingrese el día del mes, de 1 a 31.
hours-holiday-not-a-day = El { $day } de { $month } no es un día del año.
hours-holiday-no-month = Elija un mes.
hours-holiday-twice = El { $holiday } ya es feriado.
hours-holiday-on-date = { $day } de { $month } de { $year }
hours-holiday-yearly = { $day } de { $month }, cada año
hours-holiday-yearly-numbers = { $day }/{ $month }, cada año

## Meses: el nombre en la lista y en una fecha

hours-january = Enero
hours-february = Febrero
hours-march = Marzo
hours-april = Abril
hours-may = Mayo
hours-june = Junio
hours-july = Julio
hours-august = Agosto
hours-september = Septiembre
hours-october = Octubre
hours-november = Noviembre
hours-december = Diciembre
hours-in-january = enero
hours-in-february = febrero
hours-in-march = marzo
hours-in-april = abril
hours-in-may = mayo
hours-in-june = junio
hours-in-july = julio
hours-in-august = agosto
hours-in-september = septiembre
hours-in-october = octubre
hours-in-november = noviembre
hours-in-december = diciembre
