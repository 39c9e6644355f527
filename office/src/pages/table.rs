//! *Tabel*: any measure by one or two dimensions, as a pivot with totals, for the
//! coordinator's region or the Kanwil's province, below the oversight map whose areas
//! narrow it. The question lives in the page's URL,
//! so a view can be bookmarked and shared; the CSV and XLSX buttons download the same
//! figures from the export API.

use crate::api;
use crate::{OfficeContext, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::Label;
use pantau_shared::stats::{Dimension, Measure, StatsAnswer};
use std::collections::HashMap;

/// What the office asks: a measure, the rows' dimension, perhaps the columns', a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub measure: Measure,
    pub rows: Dimension,
    pub columns: Option<Dimension>,
    /// The region counted; `None` for the caller's whole scope.
    pub region: Option<String>,
    /// Only what has these values, one per dimension (one nationality and one place
    /// type, say), none empty.
    pub filters: Vec<(Dimension, String)>,
    /// `YYYY-MM-DD` or empty: no bound.
    pub from: String,
    pub to: String,
}

impl Default for Question {
    fn default() -> Self {
        Question {
            measure: Measure::Subjects,
            rows: Dimension::Region,
            columns: None,
            region: None,
            filters: Vec::new(),
            from: String::new(),
            to: String::new(),
        }
    }
}

impl Question {
    /// The question a page address asks (`?measure=…&rows=…&columns=…&from=…&to=…`),
    /// made valid: dimensions the measure does not have fall back to its first.
    pub fn from_search(search: &str) -> Question {
        Question::parse(search).valid()
    }

    /// The question as the address has it (a filter is `&nationality=AUS`, as in the
    /// stats API), filters the measure lacks included: a page of several measures applies
    /// each to those that have it.
    pub fn parse(search: &str) -> Question {
        let params = web_sys::UrlSearchParams::new_with_str(search).ok();
        let get = |name: &str| params.as_ref().and_then(|p| p.get(name));
        let default = Question::default();
        let mut filters: Vec<(Dimension, String)> = Dimension::ALL
            .iter()
            .filter(|d| !matches!(d, Dimension::Region | Dimension::Month))
            .filter_map(|d| Some((*d, get(d.code()).filter(|v| !v.is_empty())?)))
            .collect();
        // The address of a single filter, as bookmarked before there were several.
        if let Some(old) = get("filter").and_then(|d| Dimension::parse(&d))
            && let Some(value) = get("value").filter(|v| !v.is_empty())
            && !filters.iter().any(|(d, _)| *d == old)
        {
            filters.push((old, value));
        }
        Question {
            measure: get("measure")
                .and_then(|m| Measure::parse(&m))
                .unwrap_or(default.measure),
            rows: get("rows")
                .and_then(|d| Dimension::parse(&d))
                .unwrap_or(default.rows),
            columns: get("columns").and_then(|d| Dimension::parse(&d)),
            region: get("region").filter(|r| is_region_code(r)),
            filters,
            from: get("from").filter(|d| is_date(d)).unwrap_or_default(),
            to: get("to").filter(|d| is_date(d)).unwrap_or_default(),
        }
    }

    /// Keeps the dimensions to those the measure has, the columns apart from the rows.
    pub fn valid(mut self) -> Question {
        let allowed = self.measure.dimensions();
        if !allowed.contains(&self.rows) {
            self.rows = allowed[0];
        }
        self.columns = self
            .columns
            .filter(|c| allowed.contains(c) && *c != self.rows);
        self.filters
            .retain(|(d, _)| allowed.contains(d) && *d != Dimension::Region);
        self
    }

    /// The value the question keeps of `dimension`, if it filters on it.
    pub fn filter_value(&self, dimension: Dimension) -> Option<&str> {
        self.filters
            .iter()
            .find(|(d, _)| *d == dimension)
            .map(|(_, v)| v.as_str())
    }

    /// Keeps only `value` of `dimension`; an empty value lifts that filter.
    pub fn set_filter(&mut self, dimension: Dimension, value: &str) {
        self.filters.retain(|(d, _)| *d != dimension);
        if !value.is_empty() {
            self.filters.push((dimension, value.to_string()));
        }
    }

    /// `&D=value` for each filter `measure` has.
    pub fn filters_query(&self, measure: Measure) -> String {
        self.filters
            .iter()
            .filter(|(d, _)| measure.dimensions().contains(d))
            .map(|(d, value)| format!("&{}={}", d.code(), encoded(value)))
            .collect()
    }

    /// The dimensions the question filters on that `measure` does not have.
    pub fn filters_not_of(&self, measure: Measure) -> Vec<Dimension> {
        self.filters
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| !measure.dimensions().contains(d))
            .collect()
    }

    /// The page address's query for this question.
    pub fn search(&self) -> String {
        let mut search = format!("measure={}&rows={}", self.measure.code(), self.rows.code());
        if let Some(columns) = self.columns {
            search.push_str(&format!("&columns={}", columns.code()));
        }
        if let Some(region) = &self.region {
            search.push_str(&format!("&region={region}"));
        }
        for (dimension, value) in &self.filters {
            search.push_str(&format!("&{}={}", dimension.code(), encoded(value)));
        }
        for (name, date) in [("from", &self.from), ("to", &self.to)] {
            if !date.is_empty() {
                search.push_str(&format!("&{name}={date}"));
            }
        }
        search
    }

    /// The stats API's query for this question broken down by `by`.
    pub fn api_query(&self, by: &[Dimension]) -> String {
        self.api_query_in(by, self.region.as_deref())
    }

    /// The same, counting `region` (the caller's scope for `None`).
    pub fn api_query_in(&self, by: &[Dimension], region: Option<&str>) -> String {
        let mut query = format!("measure={}", self.measure.code());
        for dimension in by {
            query.push_str(&format!("&by={}", dimension.code()));
        }
        if let Some(region) = region {
            query.push_str(&format!("&region={region}"));
        }
        query.push_str(&self.filters_query(self.measure));
        if self.measure.is_dated() {
            for (name, date) in [("from", &self.from), ("to", &self.to)] {
                if !date.is_empty() {
                    query.push_str(&format!("&{name}={date}"));
                }
            }
        }
        query
    }

    fn dimensions(&self) -> Vec<Dimension> {
        std::iter::once(self.rows).chain(self.columns).collect()
    }
}

pub(super) fn encoded(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// A Kemendagri code as the page address may carry it: digits in dotted segments.
fn is_region_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The figures a question shows: the breakdown, and for a pivot each dimension alone
/// (its totals: a record in two rows of a list dimension is counted once there).
#[derive(Debug, Clone)]
struct Figures {
    cells: StatsAnswer,
    row_totals: Option<StatsAnswer>,
    column_totals: Option<StatsAnswer>,
}

async fn fetch(token: String, question: Question) -> Result<Figures, ApiFailure> {
    let cells = api::stats(&token, &question.api_query(&question.dimensions())).await?;
    let (row_totals, column_totals) = match question.columns {
        None => (None, None),
        Some(columns) => (
            Some(api::stats(&token, &question.api_query(&[question.rows])).await?),
            Some(api::stats(&token, &question.api_query(&[columns])).await?),
        ),
    };
    Ok(Figures {
        cells,
        row_totals,
        column_totals,
    })
}

/// `YYYY-MM-DD` of a day on the office's calendar.
/// Today on the office's calendar (WITA, UTC+8) whatever the browser's time zone: the
/// server judges a regulation change's "today or later" by it.
pub fn office_today() -> String {
    const WITA_MS: f64 = 8.0 * 3_600_000.0;
    let wita = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        js_sys::Date::now() + WITA_MS,
    ));
    format!(
        "{:04}-{:02}-{:02}",
        wita.get_utc_full_year(),
        wita.get_utc_month() + 1,
        wita.get_utc_date()
    )
}

pub fn ymd(date: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// Hands `bytes` to the browser as a download named `name`.
pub fn save_file(bytes: &[u8], name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement =
        wasm_bindgen::JsCast::dyn_into(document.create_element("a").ok()?).ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

fn failure_label(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        "invalid_query" => i18n::ERROR_QUERY,
        _ => app::i18n::ERROR_SERVER,
    }
}

#[component]
pub fn TablePage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let question = RwSignal::new(Question::from_search(&search));
    // The address follows the question, so a reload or a shared link asks it again.
    Effect::new(move |_| {
        let search = question.with(Question::search);
        super::show_in_address(&format!("/kantor/?{search}"));
    });
    let figures = LocalResource::new(move || {
        let question = question.get();
        let token = context.token().unwrap_or_default();
        async move { fetch(token, question).await }
    });
    let download_error = RwSignal::new(None::<Label>);
    let download = move |format: &'static str| {
        let token = context.token().unwrap_or_default();
        let query = question.with_untracked(|q| q.api_query(&q.dimensions()));
        spawn_local(async move {
            match api::export(&token, &format!("stats.{format}"), &query).await {
                Ok((bytes, name)) => {
                    download_error.set(None);
                    save_file(&bytes, &name);
                }
                Err(failure) => download_error.set(Some(failure_label(&failure))),
            }
        });
    };
    let set = move |change: &dyn Fn(&mut Question)| {
        question.update(|q| {
            change(q);
            *q = q.clone().valid();
        })
    };

    let dimension_options = move |chosen: Option<Dimension>| {
        question
            .with(|q| q.measure.dimensions().to_vec())
            .into_iter()
            .map(|d| {
                view! {
                    <option value=d.code() selected=chosen == Some(d)>
                        {move || context.t(i18n::dimension_label(d))}
                    </option>
                }
            })
            .collect_view()
    };

    let controls = view! {
        <div class="table-controls">
            <label>
                {move || context.t(i18n::MEASURE)}
                <select id="table-measure" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set(&|q| q.measure = Measure::parse(&value).unwrap_or(q.measure));
                }>
                    {Measure::ALL.iter().map(|&m| view! {
                        <option value=m.code() selected=move || question.with(|q| q.measure == m)>
                            {move || context.t(i18n::measure_label(m))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {move || context.t(i18n::ROWS)}
                <select id="table-rows" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set(&|q| q.rows = Dimension::parse(&value).unwrap_or(q.rows));
                }>
                    {move || dimension_options(Some(question.with(|q| q.rows)))}
                </select>
            </label>
            <label>
                {move || context.t(i18n::COLUMNS)}
                <select id="table-columns" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set(&|q| q.columns = Dimension::parse(&value));
                }>
                    <option value="" selected=move || question.with(|q| q.columns.is_none())>
                        {move || context.t(i18n::NO_COLUMNS)}
                    </option>
                    {move || dimension_options(question.with(|q| q.columns))}
                </select>
            </label>
        </div>
        <super::filter_bar::FilterBar
            question
            dimensions=Signal::derive(move || question.with(|q| q.measure.dimensions().to_vec()))
            period=true
        />
    };

    let table = move |figures: Figures| {
        let lang = context.lang.get();
        let Figures {
            cells,
            row_totals,
            column_totals,
        } = figures;
        let as_of = super::as_of_text(&cells.as_of);
        let empty = cells.rows.is_empty();
        let body = match (row_totals, column_totals) {
            (Some(row_totals), Some(column_totals)) => {
                let columns: Vec<(Option<String>, String)> = column_totals
                    .rows
                    .iter()
                    .map(|r| (r.keys[0].clone(), r.labels[0].get(lang).to_string()))
                    .collect();
                let counts: HashMap<(Option<String>, Option<String>), i64> = cells
                    .rows
                    .iter()
                    .map(|r| ((r.keys[0].clone(), r.keys[1].clone()), r.count))
                    .collect();
                let header = columns
                    .iter()
                    .map(|(_, label)| view! { <th class="number">{label.clone()}</th> })
                    .collect_view();
                let lines = row_totals
                    .rows
                    .iter()
                    .map(|row| {
                        let key = row.keys[0].clone();
                        let line = columns
                            .iter()
                            .map(|(column, _)| {
                                let count = counts
                                    .get(&(key.clone(), column.clone()))
                                    .copied()
                                    .unwrap_or(0);
                                view! { <td class="number">{count}</td> }
                            })
                            .collect_view();
                        view! {
                            <tr>
                                <th scope="row">{row.labels[0].get(lang).to_string()}</th>
                                {line}
                                <td class="number total">{row.count}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let footer = column_totals
                    .rows
                    .iter()
                    .map(|r| view! { <td class="number total">{r.count}</td> })
                    .collect_view();
                view! {
                    <thead><tr><th></th>{header}<th class="number">{context.t(i18n::TOTAL)}</th></tr></thead>
                    <tbody>{lines}</tbody>
                    <tfoot><tr>
                        <th scope="row">{context.t(i18n::TOTAL)}</th>
                        {footer}
                        <td class="number total" id="table-total">{cells.total}</td>
                    </tr></tfoot>
                }
                .into_any()
            }
            _ => {
                let lines = cells
                    .rows
                    .iter()
                    .map(|row| {
                        view! {
                            <tr>
                                <th scope="row">{row.labels[0].get(lang).to_string()}</th>
                                <td class="number">{row.count}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <tbody>{lines}</tbody>
                    <tfoot><tr>
                        <th scope="row">{context.t(i18n::TOTAL)}</th>
                        <td class="number total" id="table-total">{cells.total}</td>
                    </tr></tfoot>
                }
                .into_any()
            }
        };
        view! {
            <p class="muted" id="table-as-of">{context.t(i18n::DATA_AS_OF)} " " {as_of}</p>
            {empty.then(|| view! { <p class="notice" id="table-empty">{context.t(i18n::EMPTY_PERIOD)}</p> })}
            <div class="table-scroll">
                <table class="admin-table" id="stats-table">{body}</table>
            </div>
            <p class="muted">{context.t(i18n::TOTAL_NOTE)}</p>
        }
    };

    let scope = RwSignal::new(None::<String>);
    view! {
        <super::map::RegionMap question scope />
        <section class="card" id="table-page">
            <h1>{move || context.t(i18n::TABLE_TITLE)}</h1>
            {controls}
            <div class="actions">
                <button class="button secondary" id="download-csv" on:click=move |_| download("csv")>
                    {move || context.t(i18n::DOWNLOAD_CSV)}
                </button>
                <button class="button secondary" id="download-xlsx" on:click=move |_| download("xlsx")>
                    {move || context.t(i18n::DOWNLOAD_XLSX)}
                </button>
            </div>
            {move || download_error.get().map(|label| view! {
                <p class="form-error" id="download-error" role="alert">{move || context.t(label)}</p>
            })}
            {move || match figures.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => {
                    if matches!(failure.code(), "invalid_token" | "token_expired") {
                        context.sign_out();
                    }
                    view! { <p class="form-error" id="table-error">{move || context.t(failure_label(&failure))}</p> }.into_any()
                }
                Some(Ok(figures)) => table(figures).into_any(),
            }}
        </section>
    }
}
