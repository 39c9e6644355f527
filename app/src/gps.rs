//! The device's position from the browser's Geolocation API.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A position fix: degrees and the accuracy radius in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub latitude: f64,
    pub longitude: f64,
    pub accuracy_m: f64,
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

/// Asks for one high-accuracy fix, waiting at most 20 seconds; `None` when the device
/// has no GPS, the officer refused, or no fix came.
pub async fn current_position() -> Option<Fix> {
    let geolocation = web_sys::window()?.navigator().geolocation().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(20_000);
        options.set_maximum_age(30_000);
        let success = Closure::once_into_js(move |position: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &position);
        });
        let failure = Closure::once_into_js(move |error: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        let _ = geolocation.get_current_position_with_error_callback_and_options(
            success.unchecked_ref(),
            Some(failure.unchecked_ref()),
            &options,
        );
    });
    let position = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let coords = js_sys::Reflect::get(&position, &JsValue::from_str("coords")).ok()?;
    Some(Fix {
        latitude: number(&coords, "latitude")?,
        longitude: number(&coords, "longitude")?,
        accuracy_m: number(&coords, "accuracy")?,
    })
}
