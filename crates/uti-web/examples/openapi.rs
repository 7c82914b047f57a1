//! Prints the OpenAPI document (`cargo run -p uti-web --example openapi`).

fn main() {
    println!(
        "{}",
        serde_json::to_string_pretty(&uti_web::api_docs::openapi_document()).unwrap()
    );
}
