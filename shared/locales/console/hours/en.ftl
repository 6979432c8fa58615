# The working hours of a channel (console/src/view/hours.rs): a time zone,
# opening hours per weekday, and holidays.

hours-title = Working hours
hours-intro = Outside these hours, visitors get the out-of-hours reply above.
hours-on = Limit to working hours
hours-on-hint = When off, the channel is always open: the reply is sent only when no operator is online.
hours-zone = Time zone
hours-zone-hint = A name such as Europe/Lisbon. Hours are the clock times there, daylight saving included.
hours-zone-missing = Enter a time zone, such as Europe/Lisbon.

## Opening hours per weekday

hours-week = Opening hours
hours-week-hint = A day without hours is closed. Hours that close at or before they open run past midnight.
hours-copy-weekdays = Copy Monday to weekdays
hours-copy-weekdays-hint = Tuesday to Friday get Monday's hours.
hours-closed = Closed
hours-add = Add hours
hours-add-label = Add hours on { $day }
hours-span-name = { $day } (hours { $number })
hours-span-opens = { $name } opens
hours-span-closes = { $name } closes
hours-span-overnight = until the next day
hours-span-remove = Remove
hours-span-remove-label = Remove { $name } hours
hours-span-no-start = Enter when { $name } opens.
hours-span-no-end = Enter when { $name } closes.
hours-overlap = The hours of { $day } overlap: a span must end before the next one starts, and only the last one may run past midnight.
hours-monday = Monday
hours-tuesday = Tuesday
hours-wednesday = Wednesday
hours-thursday = Thursday
hours-friday = Friday
hours-saturday = Saturday
hours-sunday = Sunday

## Holidays

hours-holidays = Holidays
hours-holidays-hint = Closed all day, whatever the weekday's hours.
hours-no-holiday = No holidays.
hours-holiday-remove = Remove
hours-holiday-remove-label = Remove holiday { $holiday }
hours-holiday-date = One date
hours-holiday-add-date = Add date
hours-holiday-month = Every year: month
hours-holiday-day = Day
hours-holiday-add-yearly = Add every year
hours-holiday-no-date = Enter a date, or pick one in the calendar.
hours-holiday-no-day = Enter the day of the month, from 1 to 31.
hours-holiday-not-a-day = { $month } { $day } is not a day of the year.
hours-holiday-no-month = Choose a month.
hours-holiday-twice = { $holiday } is already a holiday.
# A one-off holiday: "25 December 2026" ($month from hours-in-*).
hours-holiday-on-date = { $day } { $month } { $year }
# A yearly holiday: "1 January, every year" ($month from hours-in-*).
hours-holiday-yearly = { $day } { $month }, every year
# A yearly holiday of a month that does not exist (not offered by the page).
hours-holiday-yearly-numbers = { $month }/{ $day }, every year

## Months: their name in the list, and in a date

hours-january = January
hours-february = February
hours-march = March
hours-april = April
hours-may = May
hours-june = June
hours-july = July
hours-august = August
hours-september = September
hours-october = October
hours-november = November
hours-december = December
hours-in-january = January
hours-in-february = February
hours-in-march = March
hours-in-april = April
hours-in-may = May
hours-in-june = June
hours-in-july = July
hours-in-august = August
hours-in-september = September
hours-in-october = October
hours-in-november = November
hours-in-december = December
