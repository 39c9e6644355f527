//! Choosing a region by its names — province, regency, district, village — beside its
//! typed code. The names (Kemendagri codes, `shared/data/wilayah-bali.csv`) are not in
//! the app's bundle: they are fetched once when a form first needs them, from a file the
//! service worker keeps, so they are there offline too.

use super::form::FormState;
use crate::AppContext;
use leptos::prelude::*;
use pantau_shared::lang::Label;
use std::cell::RefCell;
use std::sync::Arc;

/// Where the built app serves the region names (`.ci/lib.sh` copies them there).
const REGIONS_URL: &str = "/wilayah-bali.csv";

/// One region: its code and its name.
#[derive(Debug, PartialEq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

/// The levels a code goes down, each named, with the id of its list.
const LEVELS: [(Label, &str); 4] = [
    (Label::new("Provinsi", "Province"), "province"),
    (Label::new("Kabupaten/Kota", "Regency/City"), "regency"),
    (Label::new("Kecamatan", "District"), "district"),
    (Label::new("Desa/Kelurahan", "Village"), "village"),
];

thread_local! {
    static LOADED: RefCell<Option<Arc<Vec<Region>>>> = const { RefCell::new(None) };
}

/// The regions of `code,name,level` lines, the header skipped.
fn parse(csv: &str) -> Vec<Region> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(3, ',');
            Some(Region {
                code: parts.next()?.to_string(),
                name: parts.next()?.to_string(),
            })
        })
        .collect()
}

/// Every region, fetched the first time and kept for the page's life.
async fn regions() -> Option<Arc<Vec<Region>>> {
    if let Some(kept) = LOADED.with_borrow(Clone::clone) {
        return Some(kept);
    }
    let text = gloo_net::http::Request::get(REGIONS_URL)
        .send()
        .await
        .ok()
        .filter(gloo_net::http::Response::ok)?
        .text()
        .await
        .ok()?;
    let parsed = Arc::new(parse(&text));
    LOADED.set(Some(parsed.clone()));
    Some(parsed)
}

/// The first `parts` dot-separated parts of `code`, if it has that many.
fn prefix(code: &str, parts: usize) -> Option<&str> {
    if parts == 0 {
        return Some("");
    }
    let mut ends = code
        .match_indices('.')
        .map(|(at, _)| at)
        .chain([code.len()]);
    let end = ends.nth(parts - 1)?;
    (!code.is_empty()).then(|| &code[..end])
}

/// The regions directly under `parent` (the provinces under "").
fn children<'a>(all: &'a [Region], parent: &str) -> impl Iterator<Item = &'a Region> {
    let depth = if parent.is_empty() {
        0
    } else {
        parent.matches('.').count() + 1
    };
    all.iter().filter(move |region| {
        region.code.matches('.').count() == depth
            && (parent.is_empty()
                || region
                    .code
                    .strip_prefix(parent)
                    .is_some_and(|rest| rest.starts_with('.')))
    })
}

/// A list per level down to the one below the chosen region; choosing sets the form's
/// code, and "—" goes back up to the level above.
#[component]
pub fn RegionPicker(form: FormState, name: &'static str) -> impl IntoView {
    let context = expect_context::<AppContext>();
    // A plain signal filled by a task: the field bundle carries no async resource.
    let loaded = RwSignal::new(None::<Arc<Vec<Region>>>);
    leptos::task::spawn_local(async move {
        if let Some(all) = regions().await {
            loaded.try_set(Some(all));
        }
    });
    move || {
        let all = loaded.get()?;
        let code = form.get(name);
        let lists = LEVELS
            .iter()
            .enumerate()
            .map_while(|(level, (label, id))| {
                let parent = prefix(&code, level)?.to_string();
                let chosen = prefix(&code, level + 1).map(str::to_string);
                let options: Vec<(String, String)> = children(&all, &parent)
                    .map(|region| (region.code.clone(), region.name.clone()))
                    .collect();
                if options.is_empty() {
                    return None;
                }
                let id = format!("{name}-{id}");
                let label = *label;
                let choose = move |ev: leptos::ev::Event| {
                    let picked = event_target_value(&ev);
                    form.set(
                        name,
                        if picked.is_empty() {
                            parent.clone()
                        } else {
                            picked
                        },
                    );
                };
                Some(view! {
                    <label for=id.clone() class="muted">{move || context.t(label)}</label>
                    <select id=id on:change=choose>
                        <option value="">"—"</option>
                        {options.into_iter().map(|(code, region)| {
                            let selected = chosen.as_deref() == Some(code.as_str());
                            view! { <option value=code selected=selected>{region}</option> }
                        }).collect_view()}
                    </select>
                })
            })
            .collect_view();
        Some(view! { <div class="region-picker">{lists}</div> })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_goes_down_level_by_level() {
        assert_eq!(prefix("51.01.04", 0), Some(""));
        assert_eq!(prefix("51.01.04", 1), Some("51"));
        assert_eq!(prefix("51.01.04", 2), Some("51.01"));
        assert_eq!(prefix("51.01.04", 3), Some("51.01.04"));
        assert_eq!(prefix("51.01.04", 4), None);
        assert_eq!(prefix("", 1), None);
    }

    #[test]
    fn children_are_one_level_under_their_parent() {
        let all = parse(pantau_shared::wilayah::BALI_CSV);
        let names = |parent: &str| -> Vec<String> {
            children(&all, parent).map(|r| r.code.clone()).collect()
        };
        assert_eq!(names(""), ["51"]);
        assert_eq!(names("51").len(), 9);
        assert!(
            names("51.01")
                .iter()
                .all(|c| c.starts_with("51.01.") && c.len() == 8)
        );
        assert!(names("51.01.01").iter().all(|c| c.starts_with("51.01.01.")));
        assert!(!names("51.01.01").is_empty());
        assert!(names("51.01.01.1006").is_empty());
    }
}
