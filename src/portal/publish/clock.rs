//! A form's date and time fields on a given clock, and the UTC instants records hold: a meeting
//! is typed in its own time zone (daylight saving included) and published in UTC, and shown
//! back on the same clock when it is updated.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

/// `date` and `time` on the clock of `zone`, as an RFC 3339 UTC timestamp; the message id of
/// what is wrong otherwise.
pub fn utc_of(date: &str, time: &str, zone: &TimeZone) -> Result<String, &'static str> {
    if date.trim().is_empty() || time.trim().is_empty() {
        return Err("publish-error-date-time");
    }
    let date: Date = date.trim().parse().map_err(|_| "publish-error-date")?;
    let time: Time = time.trim().parse().map_err(|_| "publish-error-time")?;
    let zoned =
        date.to_datetime(time).to_zoned_datetime(zone.clone()).map_err(|_| "publish-error-time")?;
    Ok(zoned.timestamp().to_string())
}

/// The date and time (`HH:MM`) of an RFC 3339 time on the clock of `zone` (blank when it does
/// not parse).
pub fn local_of(at: &str, zone: &TimeZone) -> (String, String) {
    match at.parse::<jiff::Timestamp>() {
        Ok(at) => {
            let local = at.to_zoned_datetime(zone.clone());
            (local.date().to_string(), format!("{:02}:{:02}", local.hour(), local.minute()))
        }
        Err(_) => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc_in_the_meeting_zone() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        assert_eq!(utc_of("2027-03-01", "09:30", &paris).unwrap(), "2027-03-01T08:30:00Z");
        assert_eq!(utc_of("2027-07-01", "09:30", &paris).unwrap(), "2027-07-01T07:30:00Z");
        assert_eq!(utc_of("2027-02-30", "09:30", &paris), Err("publish-error-date"));
        assert_eq!(utc_of("2027-03-01", "25:00", &paris), Err("publish-error-time"));
        assert_eq!(utc_of("", "09:30", &paris), Err("publish-error-date-time"));
        // 02:30 does not exist on 28 March 2027 in Paris: the clock jumps to 03:30 (CEST).
        assert_eq!(utc_of("2027-03-28", "02:30", &paris).unwrap(), "2027-03-28T01:30:00Z");
        assert_eq!(local_of("2027-03-01T08:30:00Z", &paris), ("2027-03-01".into(), "09:30".into()));
    }
}
