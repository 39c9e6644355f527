//! Takes a photo with the tablet's camera (or picks one) for a record, and shows the
//! record's photos kept on this device.

use crate::AppContext;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::sync::EntityKind;
use uuid::Uuid;
use wasm_bindgen::JsCast;

#[component]
pub fn PhotoPicker(
    entity: EntityKind,
    id: Uuid,
    photos: Vec<String>,
    editable: bool,
    /// Without its heading, inside a finding's row.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let problem = RwSignal::new(None::<&'static str>);
    // Read once; a signal set by a task keeps the bundle free of async resources.
    let thumbnails = RwSignal::new(None::<Vec<(String, String)>>);
    spawn_local(async move {
        let mut urls = Vec::new();
        for sha in photos {
            if let Some(url) = device.photo_url(&sha).await {
                urls.push((sha, url));
            }
        }
        thumbnails.set(Some(urls));
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            match crate::photos::prepare(file).await {
                Ok(photo) => {
                    if let Err(error) = device.add_photo(context, entity, id, photo).await {
                        problem.set(Some(context.t(crate::pages::save_failure(&error))));
                    }
                }
                Err(_) => problem.set(Some(context.t(i18n::PHOTO_UNREADABLE))),
            }
        });
    };
    view! {
        <div class="photos">
            {(!compact).then(|| view! { <h2>{move || context.t(i18n::PHOTOS)}</h2> })}
            <div class="thumbnails" id="photo-thumbnails">
                {move || thumbnails.get().map(|urls| urls.into_iter().map(|(sha, url)| view! {
                    <img class="thumbnail" src=url alt=sha />
                }).collect_view())}
            </div>
            {editable.then(|| view! {
                <label class="button secondary file-button">
                    {move || context.t(i18n::ADD_PHOTO)}
                    <input type="file" class="photo-input" accept="image/*" capture="environment" on:change=on_pick />
                </label>
            })}
            <Show when=move || problem.get().is_some()>
                <p class="form-error" role="alert">{move || problem.get()}</p>
            </Show>
        </div>
    }
}
