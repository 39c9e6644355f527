//! The PIN that unlocks a tablet's data: at least six digits, and not one digit repeated,
//! since that is the first thing anyone holding a lost tablet would try.

/// The fewest digits a PIN may have.
pub const MIN_PIN_DIGITS: usize = 6;

/// Why a PIN is refused when it is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Fewer than [`MIN_PIN_DIGITS`] digits.
    TooShort,
    /// Something other than the digits 0–9.
    NotDigits,
    /// One digit repeated (`000000`, `777777`).
    OneDigit,
}

/// Whether `pin` may be set.
pub fn check_pin(pin: &str) -> Result<(), PinProblem> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinProblem::NotDigits);
    }
    if pin.len() < MIN_PIN_DIGITS {
        return Err(PinProblem::TooShort);
    }
    if pin.bytes().all(|b| b == pin.as_bytes()[0]) {
        return Err(PinProblem::OneDigit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_or_more_varied_digits_are_accepted() {
        assert_eq!(check_pin("260418"), Ok(()));
        assert_eq!(check_pin("1111112"), Ok(()));
    }

    #[test]
    fn short_lettered_and_one_digit_pins_are_refused() {
        assert_eq!(check_pin("12345"), Err(PinProblem::TooShort));
        assert_eq!(check_pin(""), Err(PinProblem::TooShort));
        assert_eq!(check_pin("12a456"), Err(PinProblem::NotDigits));
        assert_eq!(check_pin("١٢٣٤٥٦"), Err(PinProblem::NotDigits));
        assert_eq!(check_pin("777777"), Err(PinProblem::OneDigit));
    }
}
