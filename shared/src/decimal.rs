//! Numbers written with a fixed count of decimals, as the field app shows coordinates and
//! storage sizes. Rounded with integers on purpose: printing a float (`{:.6}`, or `{}`
//! of an `f64`) brings the standard library's float printing into the field bundle,
//! about 4 KB gzipped of a budget that has none to spare.

/// `value` with `decimals` digits after the point (at most 9), rounded half away from
/// zero; "-" only before a number that is not zero once rounded.
pub fn fixed_decimals(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    let scale = 10_u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    match decimals {
        0 => format!("{sign}{whole}"),
        width => format!("{sign}{whole}.{fraction:0width$}", width = width as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::fixed_decimals;

    #[test]
    fn writes_what_a_precision_format_writes() {
        let cases = [
            (-8.409518, 6),
            (115.188919, 6),
            (0.0000004, 6),
            (12.4, 0),
            (3.0, 1),
            (1_610_612_736.0 / 1_048_576.0, 1),
            (0.26, 1),
        ];
        for (value, decimals) in cases {
            let precise = format!("{value:.width$}", width = decimals as usize);
            assert_eq!(fixed_decimals(value, decimals), precise, "{value}");
        }
    }

    #[test]
    fn rounds_halves_away_from_zero_and_never_writes_minus_zero() {
        assert_eq!(fixed_decimals(12.5, 0), "13");
        assert_eq!(fixed_decimals(-0.0000004, 6), "0.000000");
        assert_eq!(fixed_decimals(-1.25, 1), "-1.3");
    }
}
