//! The module gives RFC 8032's values (§7.1, tests 1 to 3), natively and in the browser;
//! in the browser, WebCrypto's own Ed25519 accepts what it signs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// (seed, public key, message, signature), in hex.
const RFC_8032: [(&str, &str, &str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

fn bytes(text: &str) -> Vec<u8> {
    hex::decode(text).expect("hex")
}

#[test]
fn signs_as_rfc_8032_says() {
    for (seed, public, message, signature) in RFC_8032 {
        let seed = bytes(seed);
        assert_eq!(
            signer::public_key(&seed).map(hex::encode).as_deref(),
            Some(public)
        );
        assert_eq!(
            signer::sign(&seed, &bytes(message))
                .map(hex::encode)
                .as_deref(),
            Some(signature)
        );
    }
}

#[test]
fn a_seed_of_another_length_gives_nothing() {
    for length in [0, 31, 33, 64] {
        assert_eq!(signer::public_key(&vec![7; length]), None);
        assert_eq!(signer::sign(&vec![7; length], b"pesan"), None);
    }
}

/// WebCrypto's Ed25519 (where the browser has it) verifies this module's signature, and
/// refuses it over other bytes.
#[cfg(target_arch = "wasm32")]
#[test]
async fn the_browser_verifies_what_the_module_signs() {
    use js_sys::{Array, Function, Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let subtle = Reflect::get(
        &Reflect::get(&js_sys::global(), &"crypto".into()).expect("crypto"),
        &"subtle".into(),
    )
    .expect("subtle");
    let call = |method: &str, args: Array| {
        let function: Function = Reflect::get(&subtle, &method.into())
            .expect("method")
            .dyn_into()
            .expect("function");
        JsFuture::from(
            function
                .apply(&subtle, &args)
                .expect("called")
                .dyn_into::<js_sys::Promise>()
                .expect("promise"),
        )
    };
    let seed = [42u8; 32];
    let public = signer::public_key(&seed).expect("a public key");
    let message = b"{\"entity\":\"inspection\",\"status\":\"final\"}";
    let signature = signer::sign(&seed, message).expect("a signature");
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into()).expect("set");
    let imported = [
        JsValue::from("raw"),
        Uint8Array::from(public.as_slice()).into(),
        algorithm.clone().into(),
        JsValue::TRUE,
        Array::of1(&"verify".into()).into(),
    ];
    let key = call("importKey", imported.iter().collect())
        .await
        .expect("the browser imports the public key");
    for (signed, expected) in [(message.as_slice(), true), (b"other".as_slice(), false)] {
        let verified = call(
            "verify",
            [
                algorithm.clone().into(),
                key.clone(),
                Uint8Array::from(signature.as_slice()).into(),
                Uint8Array::from(signed).into(),
            ]
            .iter()
            .collect(),
        )
        .await
        .expect("verify");
        assert_eq!(verified.as_bool(), Some(expected));
    }
}
