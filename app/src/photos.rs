//! Photos taken with the tablet's camera: shrunk on the device to a JPEG of at most
//! 1600 px, named by the SHA-256 of their bytes, kept in IndexedDB, and uploaded one at
//! a time after the records, so a slow link never holds the data back.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The longest side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 1600;
const JPEG_QUALITY: f64 = 0.85;

/// A photo ready to keep: its bytes and their SHA-256 in hex.
#[derive(Debug, Clone)]
pub struct Photo {
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// The SHA-256 of `bytes` in hex, by the browser's WebCrypto.
pub async fn sha256_hex(bytes: &[u8]) -> Result<String, JsValue> {
    let data = js_sys::Uint8Array::from(bytes);
    let digest =
        crate::vault::subtle("digest", &js_sys::Array::of2(&"SHA-256".into(), &data)).await?;
    Ok(hex::encode(js_sys::Uint8Array::new(&digest).to_vec()))
}

/// The size that fits `width`×`height` within [`MAX_SIDE`], keeping the proportions.
pub fn fitted(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_SIDE || longest == 0 {
        return (width, height);
    }
    let scale = f64::from(MAX_SIDE) / f64::from(longest);
    (
        (f64::from(width) * scale).round() as u32,
        (f64::from(height) * scale).round() as u32,
    )
}

/// Decodes a picked image file, shrinks it and encodes it as JPEG.
pub async fn prepare(file: web_sys::File) -> Result<Photo, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: web_sys::ImageBitmap =
        wasm_bindgen_futures::JsFuture::from(window.create_image_bitmap_with_blob(&file)?)
            .await?
            .dyn_into()?;
    let (width, height) = fitted(bitmap.width(), bitmap.height());
    let document = window.document().ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    bitmap.close();
    let blob = js_sys::Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            "image/jpeg",
            &JsValue::from(JPEG_QUALITY),
        );
    });
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob)
        .await?
        .dyn_into()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Photo {
        sha256: sha256_hex(&bytes).await?,
        bytes,
    })
}

/// An object URL showing `bytes` as a JPEG, for a thumbnail.
pub fn object_url(bytes: &[u8]) -> Option<String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_fit_within_the_longest_side() {
        assert_eq!(fitted(4000, 3000), (1600, 1200));
        assert_eq!(fitted(3000, 4000), (1200, 1600));
        assert_eq!(fitted(800, 600), (800, 600));
        assert_eq!(fitted(0, 0), (0, 0));
    }
}
