//! Where a foreign national's stay permit stands today: valid, expiring, or overstay
//! with the days and the fee.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::identity::IsoDate;
use pantau_shared::permit::{PermitStanding, permit_standing};

/// Days before the end at which a valid permit is shown as expiring.
const EXPIRING_DAYS: i64 = 30;

/// Rupiah with dots between thousands, as written in Indonesia.
pub fn rupiah(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("Rp{out}")
}

#[component]
pub fn PermitBadge(#[prop(into)] expiry: Signal<Option<IsoDate>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<crate::device::Device>();
    move || {
        let Some(expiry) = expiry.get() else {
            return view! { <span class="badge neutral permit">{context.t(i18n::PERMIT_UNKNOWN)}</span> }.into_any();
        };
        let today = crate::today();
        match permit_standing(expiry, today, device.overstay_rules.read().on(today)) {
            PermitStanding::Valid { days_left } => {
                let class = if days_left <= EXPIRING_DAYS {
                    "badge warn permit"
                } else {
                    "badge ok permit"
                };
                view! {
                    <span class=class>
                        {context.t(i18n::PERMIT_VALID)} " · " {days_left} " " {context.t(i18n::PERMIT_DAYS_LEFT)}
                    </span>
                }
                .into_any()
            }
            PermitStanding::Overstay {
                days,
                fee_idr,
                deportation,
            } => view! {
                <span class="badge danger permit">
                    {context.t(i18n::PERMIT_OVERSTAY)} " " {days} " " {context.t(i18n::DAYS)} " · "
                    {context.t(i18n::FEE)} " " {rupiah(fee_idr)}
                    {deportation.then(|| format!(" · {}", context.t(i18n::DEPORTATION)))}
                </span>
            }
            .into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rupiah;

    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(rupiah(0), "Rp0");
        assert_eq!(rupiah(1_000), "Rp1.000");
        assert_eq!(rupiah(60_000_000), "Rp60.000.000");
    }
}
