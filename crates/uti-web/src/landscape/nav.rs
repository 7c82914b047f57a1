//! The row of links between the parts of the landscape.

use maud::{Markup, html};
use uti_core::Lang;

/// The parts of the landscape, as links; the one at `here` marked current.
pub fn subnav(here: &str, lang: Lang) -> Markup {
    let parts = [
        ("/landschap", lang.pick("Overzicht", "Overview")),
        ("/landschap/kaart", lang.pick("Netwerkkaart", "Network map")),
        (
            "/landschap/dekking",
            lang.pick("Dekking en gaten", "Coverage and gaps"),
        ),
        ("/landschap/overlap", lang.pick("Overlap", "Overlap")),
        ("/landschap/peers", lang.pick("Peers", "Peers")),
        (
            "/landschap/agenda",
            lang.pick("Doe-agenda", "Action agenda"),
        ),
    ];
    html! {
        nav.subnav aria-label=(lang.pick("Onderdelen van het landschap", "Parts of the landscape")) {
            ul {
                @for (href, name) in parts {
                    li { a href=(href) aria-current=[(href == here).then_some("page")] { (name) } }
                }
            }
        }
    }
}
