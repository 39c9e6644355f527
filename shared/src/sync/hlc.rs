//! The hybrid logical clock: wall-clock milliseconds, a counter and the device id,
//! encoded as `WWWWWWWWWWWWW-CCCCC-<device uuid>` so that string order is causal order.

use crate::invalid::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The largest counter the 5-digit field can hold; past it the clock moves to the next
/// millisecond instead.
pub const MAX_COUNTER: u32 = 99_999;
/// The largest wall-clock value the 13-digit field can hold.
pub const MAX_MILLIS: u64 = 9_999_999_999_999;

/// One timestamp of a hybrid logical clock. Ordered by milliseconds, then counter, then
/// device, which is also the order of the encoded strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: Uuid,
}

impl Hlc {
    // Out of line: the field bundle then holds one copy, not one per caller.
    #[inline(never)]
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let format = Invalid::Format {
            example: "1700000000000-00000-0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
        };
        let bytes = raw.as_bytes();
        if raw.len() != 13 + 1 + 5 + 1 + 36 || bytes[13] != b'-' || bytes[19] != b'-' {
            return Err(format);
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let (millis, counter, device) = (&raw[..13], &raw[14..19], &raw[20..]);
        if !digits(millis) || !digits(counter) {
            return Err(format);
        }
        let device = Uuid::try_parse(device).map_err(|_| format.clone())?;
        // Only the canonical lowercase hyphenated form keeps string order equal to clock order.
        let mut canonical = Uuid::encode_buffer();
        if device.hyphenated().encode_lower(&mut canonical) != &raw[20..] {
            return Err(format);
        }
        Ok(Hlc {
            millis: millis.parse().map_err(|_| format.clone())?,
            counter: counter.parse().map_err(|_| format)?,
            device,
        })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every change a push writes formats its stamp: fill the digits directly when
        // they fit their widths (always, before the year 2286), else pad as usual.
        const MILLIS_DIGITS: usize = 13;
        const COUNTER_DIGITS: usize = 5;
        if self.millis >= 10u64.pow(MILLIS_DIGITS as u32)
            || self.counter >= 10u32.pow(COUNTER_DIGITS as u32)
        {
            return write!(
                f,
                "{:013}-{:05}-{}",
                self.millis,
                self.counter,
                self.device.hyphenated()
            );
        }
        let mut text = [b'-'; MILLIS_DIGITS + 1 + COUNTER_DIGITS + 1 + 36];
        fill_digits(&mut text[..MILLIS_DIGITS], self.millis);
        fill_digits(
            &mut text[MILLIS_DIGITS + 1..][..COUNTER_DIGITS],
            u64::from(self.counter),
        );
        self.device
            .hyphenated()
            .encode_lower(&mut text[MILLIS_DIGITS + COUNTER_DIGITS + 2..]);
        // Only ASCII digits, dashes and hex went in.
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

/// Writes `value` into `digits` as decimal, zero-padded on the left.
fn fill_digits(digits: &mut [u8], mut value: u64) {
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

// As its string form, written and read without an intermediate `String`: every stored
// field carries a stamp, so this runs for every field a sync reads or writes.
impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HlcVisitor;
        impl serde::de::Visitor<'_> for HlcVisitor {
            type Value = Hlc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a clock stamp like 1700000000000-00000-<device uuid>")
            }
            fn visit_str<E: serde::de::Error>(self, raw: &str) -> Result<Hlc, E> {
                Hlc::parse(raw).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(HlcVisitor)
    }
}

/// A device's clock. It never goes backwards, follows every timestamp it receives, and
/// corrects its wall clock by the offset learnt from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HlcClock {
    device: Uuid,
    last_millis: u64,
    last_counter: u32,
    /// Server time minus device time, in milliseconds.
    offset_ms: i64,
}

impl HlcClock {
    pub fn new(device: Uuid) -> Self {
        HlcClock {
            device,
            last_millis: 0,
            last_counter: 0,
            offset_ms: 0,
        }
    }

    pub fn device(&self) -> Uuid {
        self.device
    }

    pub fn offset_ms(&self) -> i64 {
        self.offset_ms
    }

    fn corrected(&self, wall_ms: u64) -> u64 {
        wall_ms
            .saturating_add_signed(self.offset_ms)
            .min(MAX_MILLIS)
    }

    /// A new timestamp, greater than every one this clock has issued or received.
    pub fn tick(&mut self, wall_ms: u64) -> Hlc {
        let physical = self.corrected(wall_ms);
        if physical > self.last_millis {
            self.last_millis = physical;
            self.last_counter = 0;
        } else if self.last_counter < MAX_COUNTER {
            self.last_counter += 1;
        } else {
            self.last_millis += 1;
            self.last_counter = 0;
        }
        Hlc {
            millis: self.last_millis,
            counter: self.last_counter,
            device: self.device,
        }
    }

    /// Takes in a timestamp seen elsewhere, so the next tick comes after it.
    ///
    /// The clock's state only has to reach the remote stamp: `tick` then either moves to
    /// a later wall-clock millisecond (counter 0, already after it) or stays on the same
    /// millisecond and raises the counter past it. Comparing against the wall clock here
    /// would skip a remote stamp on the very millisecond the wall clock shows.
    pub fn receive(&mut self, remote: &Hlc) {
        let remote_millis = remote.millis.min(MAX_MILLIS);
        if remote_millis > self.last_millis {
            self.last_millis = remote_millis;
            self.last_counter = remote.counter;
        } else if remote_millis == self.last_millis {
            self.last_counter = self.last_counter.max(remote.counter);
        }
    }

    /// A clock for `device` that has already seen `after`, if anything: its first tick
    /// comes after that stamp and no earlier than the wall clock.
    pub fn following(device: Uuid, after: Option<&Hlc>) -> Self {
        let mut clock = HlcClock::new(device);
        if let Some(after) = after {
            clock.receive(after);
        }
        clock
    }

    /// Learns the server's clock: `server_time_ms` as answered, `local_wall_ms` when the
    /// answer arrived.
    pub fn correct_from_server(&mut self, server_time_ms: u64, local_wall_ms: u64) {
        self.offset_ms = server_time_ms as i64 - local_wall_ms as i64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn device(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn encodes_and_parses() {
        let hlc = Hlc {
            millis: 1_700_000_000_000,
            counter: 7,
            device: device(0xabc),
        };
        let text = hlc.to_string();
        assert_eq!(
            text,
            "1700000000000-00007-00000000-0000-0000-0000-000000000abc"
        );
        assert_eq!(Hlc::parse(&text), Ok(hlc));
        let uppercase_device = text.replace("abc", "ABC");
        let underscores = text.replace('-', "_");
        let short_millis = text[1..].to_string();
        for bad in [
            "",
            "1700000000000-7-x",
            &uppercase_device,
            &underscores,
            &short_millis,
        ] {
            assert!(Hlc::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn text_is_the_padded_form(millis: u64, counter: u32, device_bits: u128) {
            let hlc = Hlc { millis, counter, device: device(device_bits) };
            let padded = format!("{millis:013}-{counter:05}-{}", hlc.device.hyphenated());
            prop_assert_eq!(hlc.to_string(), padded);
        }

        #[test]
        fn text_in_range_parses_back(millis in 0u64..10_000_000_000_000, counter in 0u32..100_000, device_bits: u128) {
            let hlc = Hlc { millis, counter, device: device(device_bits) };
            let padded = format!("{millis:013}-{counter:05}-{}", hlc.device.hyphenated());
            prop_assert_eq!(hlc.to_string(), padded);
            prop_assert_eq!(Hlc::parse(&hlc.to_string()), Ok(hlc));
        }
    }

    #[test]
    fn ticks_never_go_backwards() {
        let mut clock = HlcClock::new(device(1));
        let a = clock.tick(1_000);
        let b = clock.tick(900);
        let c = clock.tick(1_000);
        assert!(a < b && b < c);
        assert_eq!((b.millis, b.counter), (1_000, 1));
    }

    #[test]
    fn counter_overflow_moves_to_the_next_millisecond() {
        let mut clock = HlcClock::new(device(1));
        clock.tick(5);
        clock.last_counter = MAX_COUNTER;
        let next = clock.tick(5);
        assert_eq!((next.millis, next.counter), (6, 0));
    }

    #[test]
    fn receive_then_tick_is_after_the_remote() {
        let mut clock = HlcClock::new(device(1));
        let remote = Hlc {
            millis: 50_000,
            counter: 3,
            device: device(2),
        };
        clock.receive(&remote);
        assert!(clock.tick(10_001) > remote);
    }

    #[test]
    fn a_remote_stamp_on_the_wall_clocks_millisecond_is_overtaken() {
        let mut clock = HlcClock::new(device(9));
        clock.tick(900);
        let remote = Hlc {
            millis: 1_000,
            counter: 4,
            device: device(2),
        };
        clock.receive(&remote);
        assert!(clock.tick(1_000) > remote);
    }

    #[test]
    fn server_offset_corrects_a_slow_device() {
        let mut clock = HlcClock::new(device(1));
        clock.correct_from_server(2_000_000, 1_000_000);
        assert_eq!(clock.tick(1_000_500).millis, 2_000_500);
    }

    proptest! {
        #[test]
        fn string_order_is_clock_order(a in 0u64..MAX_MILLIS, ac in 0u32..=MAX_COUNTER, ad: u128,
                                       b in 0u64..MAX_MILLIS, bc in 0u32..=MAX_COUNTER, bd: u128) {
            let x = Hlc { millis: a, counter: ac, device: device(ad) };
            let y = Hlc { millis: b, counter: bc, device: device(bd) };
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
            prop_assert_eq!(Hlc::parse(&x.to_string()), Ok(x));
        }

        #[test]
        fn a_tick_after_receive_is_after_the_remote(
            last_wall in 1_000u64..1_010, remote_millis in 1_000u64..1_010,
            remote_counter in 0u32..=MAX_COUNTER, remote_device: u128,
            receive_wall in 1_000u64..1_010, tick_delta in 0u64..3, own_ticks in 0usize..3,
        ) {
            // Millis equal and next to each other, on both sides of the wall clock.
            let mut clock = HlcClock::new(device(5));
            for _ in 0..own_ticks {
                clock.tick(last_wall);
            }
            let remote = Hlc { millis: remote_millis, counter: remote_counter, device: device(remote_device) };
            clock.receive(&remote);
            let next = clock.tick(receive_wall + tick_delta);
            prop_assert!(next > remote, "{next} after {remote}");
        }

        #[test]
        fn ticks_strictly_increase(walls in proptest::collection::vec(0u64..10_000, 1..50)) {
            let mut clock = HlcClock::new(device(9));
            let mut last = None;
            for wall in walls {
                let now = clock.tick(wall);
                prop_assert!(last.is_none_or(|l| l < now));
                last = Some(now);
            }
        }
    }
}
