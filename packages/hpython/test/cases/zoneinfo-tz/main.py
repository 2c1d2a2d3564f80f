import datetime, time, zoneinfo

paris = zoneinfo.ZoneInfo("Europe/Paris")
utc = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=datetime.timezone.utc)
print("Paris", utc.astimezone(paris))
print("Paris name", utc.astimezone(paris).tzname())
print("local zone", time.strftime("%Z"))
print("offset", -time.timezone)
