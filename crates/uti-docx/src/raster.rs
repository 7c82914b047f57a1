//! Charts from SVG to PNG with `resvg`, their text set in DejaVu Sans
//! (embedded in the binary; system fonts are never looked at).

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// Pixels per SVG pixel: 2 gives about 190 dpi at the chart's own size.
const SCALE: f32 = 2.0;

/// Largest side of a PNG, in pixels, whatever the SVG says.
const MAX_SIDE: f32 = 4000.0;

/// A chart as a picture.
pub struct Raster {
    /// The PNG file.
    pub png: Vec<u8>,
    /// The chart's width in CSS pixels (1/96 inch).
    pub width: f32,
    /// Its height in CSS pixels.
    pub height: f32,
}

fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(dejavu::sans::regular().to_vec());
            db.load_font_data(dejavu::sans::bold().to_vec());
            db.load_font_data(dejavu::sans::oblique().to_vec());
            db.load_font_data(dejavu::sans::bold_oblique().to_vec());
            let family = "DejaVu Sans";
            db.set_sans_serif_family(family);
            db.set_serif_family(family);
            db.set_monospace_family(family);
            db.set_cursive_family(family);
            db.set_fantasy_family(family);
            Arc::new(db)
        })
        .clone()
}

/// Renders an SVG document to PNG, or `None` when it cannot be read.
pub fn rasterize(svg: &str) -> Option<Raster> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    let scale = SCALE.min(MAX_SIDE / width.max(height));
    let mut pixmap = tiny_skia::Pixmap::new(
        (width * scale).ceil() as u32,
        (height * scale).ceil() as u32,
    )?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some(Raster {
        png: pixmap.encode_png().ok()?,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\" viewBox=\"0 0 100 40\">\
                   <text x=\"5\" y=\"30\" font-family=\"sans-serif\" font-size=\"24\">Abc</text></svg>";
        let raster = rasterize(svg).expect("png");
        assert_eq!((raster.width, raster.height), (100.0, 40.0));
        assert!(raster.png.starts_with(b"\x89PNG"));
        let blank = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"40\"/>";
        let blank = rasterize(blank).expect("png");
        assert!(raster.png.len() > blank.png.len(), "the text left pixels");
        assert!(rasterize("<not svg").is_none());
    }
}
