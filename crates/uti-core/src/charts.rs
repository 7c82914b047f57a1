//! Charts as self-contained SVG text: the radar of a plot, the use of each
//! type across initiatives, and which types go together.
//!
//! Every chart is one complete `<svg>` element with explicit `width`,
//! `height` and `viewBox`, so it can be put inline in an HTML page or saved
//! as an `.svg` file beside a report. It uses only basic elements (`g`,
//! `line`, `polygon`, `circle`, `rect`, `text`, `title`, `desc`) with
//! presentation attributes: no stylesheet, no script, no external font.
//! Colours meet WCAG 2.1 AA against white (text at least 4.5:1, marks at
//! least 3:1). Each chart has `role="img"` and is labelled by its `<title>`
//! and `<desc>`; the description carries every number, so a screen reader
//! gets what a sighted reader sees. Text that comes from the caller is
//! escaped; the `id` the caller gives makes the ids inside unique on a page.

use crate::analysis::Analysis;
use crate::lang::Lang;
use crate::model::{LloType, Plot};
use crate::prose::type_name;
use std::f64::consts::PI;
use std::fmt::Write;

/// Body text: 17.4:1 on white.
const TEXT: &str = "#1a1a1a";
/// Secondary text (scale values, notes): 7.0:1 on white.
const MUTED: &str = "#595959";
/// Axes and rings: 3.5:1 on white.
const GRID: &str = "#8a8a8a";
/// Gridlines that only help the eye (the values are written out): decorative.
const FAINT: &str = "#d9d9d9";
/// First (or only) plot: 6.4:1 on white.
const PRIMARY: &str = "#1f5fa8";
/// Second plot in a comparison: 5.5:1 on white.
const SECONDARY: &str = "#b34700";
/// Extensive use (score 2): 12.8:1 on white.
const EXTENSIVE: &str = "#08306b";
/// Limited use (score 1): 3.4:1 on white, 3.8:1 against [`EXTENSIVE`].
const LIMITED: &str = "#4393c3";
/// Lightest shade of the heat map (count 0).
const HEAT_LOW: [u8; 3] = [0xf4, 0xf7, 0xfb];
/// Middle shade of the heat map; every channel lies between the other two,
/// so shades darken steadily.
const HEAT_MID: [u8; 3] = [0x6b, 0xae, 0xd6];
/// Darkest shade of the heat map (the largest count).
const HEAT_HIGH: [u8; 3] = [0x08, 0x30, 0x6b];
/// Text on light heat-map cells (black keeps 4.5:1 on every shade).
const CELL_DARK: &str = "#000000";
/// Text on dark heat-map cells.
const CELL_LIGHT: &str = "#ffffff";

/// The font: the reader's own sans-serif, nothing to download.
const FONT: &str = "sans-serif";
/// Size of labels.
const FONT_SIZE: f64 = 13.0;
/// Size of scale values and notes.
const SMALL: f64 = 11.0;
/// Distance between baselines of wrapped lines, as a factor of the size.
const LINE: f64 = 1.25;
/// Estimated advance of a character, as a factor of the size. Generous
/// (DejaVu Sans averages about 0.58), so labels stay inside the viewBox.
const CHAR_WIDTH: f64 = 0.62;
/// Space around every chart.
const MARGIN: f64 = 10.0;
/// Longest caller-given label drawn in full; the title and description
/// always hold the whole text.
const LABEL_MAX_CHARS: usize = 60;

/// Radius of the outer ring (score 2) of a radar.
const RADAR_RADIUS: f64 = 100.0;
/// Distance between the outer ring and the type names.
const RADAR_LABEL_GAP: f64 = 12.0;
/// Radius of the dot at each vertex.
const DOT: f64 = 4.0;

/// Escapes text for XML content and attribute values: `&`, `<`, `>`, `"`
/// and `'`. Characters XML 1.0 does not allow (most control characters)
/// become U+FFFD, so the SVG stays well-formed whatever the caller passes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The caller's id prefix reduced to `[a-z0-9-]`, starting with a letter.
fn sanitise_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "chart-");
    }
    out
}

/// A number for an attribute: at most two decimals, no `-0`.
fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// Estimated width of a text at a font size.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_WIDTH
}

/// A caller-given label shortened for drawing.
fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_MAX_CHARS {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(LABEL_MAX_CHARS - 1).collect();
        short.push('…');
        short
    }
}

/// The display name of a type, with a capital.
fn label(kind: LloType, lang: Lang) -> String {
    let name = type_name(kind, lang);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A name over one or two lines: longer names break at the space or hyphen
/// nearest their middle (the hyphen stays on the first line).
fn wrap(name: &str) -> Vec<String> {
    let length = name.chars().count();
    if length <= 12 {
        return vec![name.to_owned()];
    }
    let middle = length as f64 / 2.0;
    let best = name
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| *c == ' ' || *c == '-')
        .min_by(|(a, _), (b, _)| {
            let da = (*a as f64 - middle).abs();
            let db = (*b as f64 - middle).abs();
            da.total_cmp(&db)
        });
    match best {
        Some((_, (at, ' '))) => vec![name[..at].to_owned(), name[at + 1..].to_owned()],
        Some((_, (at, _))) => vec![name[..=at].to_owned(), name[at + 1..].to_owned()],
        None => vec![name.to_owned()],
    }
}

/// How a text is anchored horizontally.
#[derive(Clone, Copy, PartialEq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// Left and right edge of a text of this width drawn at `x`.
    fn span(self, x: f64, width: f64) -> (f64, f64) {
        match self {
            Anchor::Start => (x, x + width),
            Anchor::Middle => (x - width / 2.0, x + width / 2.0),
            Anchor::End => (x - width, x),
        }
    }
}

/// The SVG being written.
struct Svg {
    out: String,
}

impl Svg {
    /// Opens the root element with its title and description.
    fn open(width: f64, height: f64, id: &str, title: &str, desc: &str) -> Svg {
        let id = sanitise_id(id);
        let (w, h) = (width.ceil(), height.ceil());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             font-family=\"{FONT}\">"
        );
        let _ = writeln!(out, "<title id=\"{id}-title\">{}</title>", escape(title));
        let _ = writeln!(out, "<desc id=\"{id}-desc\">{}</desc>", escape(desc));
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
        );
        Svg { out }
    }

    /// Writes one line of raw markup.
    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
        self.out.push('\n');
    }

    /// A line segment.
    fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            num(width)
        );
    }

    /// A text; the content is escaped here.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        at: (f64, f64),
        anchor: Anchor,
        size: f64,
        fill: &str,
        bold: bool,
        extra: &str,
        content: &str,
    ) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{fill}\"{weight}{extra}>{}</text>",
            num(at.0),
            num(at.1),
            anchor.as_str(),
            num(size),
            escape(content)
        );
    }

    /// Closes the root element.
    fn close(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// `x,y x,y ...` for a polygon or polyline.
fn points(vertices: &[(f64, f64)]) -> String {
    vertices
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The unit direction of axis `index` of five: the first points up, the
/// others follow clockwise.
fn direction(index: usize) -> (f64, f64) {
    let angle = -PI / 2.0 + index as f64 * 2.0 * PI / LloType::ALL.len() as f64;
    (angle.cos(), angle.sin())
}

/// A type name placed around the radar, relative to its centre.
struct AxisLabel {
    lines: Vec<String>,
    anchor: Anchor,
    x: f64,
    /// Baseline of the first line.
    y: f64,
}

/// Where everything of a radar goes.
struct RadarLayout {
    centre: (f64, f64),
    labels: Vec<AxisLabel>,
    /// Bounding box of rings and labels, relative to the centre.
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl RadarLayout {
    fn new(lang: Lang) -> RadarLayout {
        let reach = RADAR_RADIUS + DOT + 1.0;
        let (mut left, mut right, mut top, mut bottom) = (-reach, reach, -reach, reach);
        let line_height = FONT_SIZE * LINE;
        let mut labels = Vec::new();
        for (index, kind) in LloType::ALL.iter().enumerate() {
            let lines = wrap(&label(*kind, lang));
            let (dx, dy) = direction(index);
            let x = dx * (RADAR_RADIUS + RADAR_LABEL_GAP);
            let y = dy * (RADAR_RADIUS + RADAR_LABEL_GAP);
            let anchor = if dx > 0.2 {
                Anchor::Start
            } else if dx < -0.2 {
                Anchor::End
            } else {
                Anchor::Middle
            };
            let extra_lines = (lines.len() - 1) as f64 * line_height;
            let first_baseline = if dy < -0.5 {
                y - 4.0 - extra_lines
            } else if dy > 0.5 {
                y + FONT_SIZE * 0.8 + 2.0
            } else {
                y - extra_lines / 2.0 + FONT_SIZE * 0.35
            };
            let widest = lines
                .iter()
                .map(|l| text_width(l, FONT_SIZE))
                .fold(0.0, f64::max);
            let (l, r) = anchor.span(x, widest);
            left = left.min(l);
            right = right.max(r);
            top = top.min(first_baseline - FONT_SIZE);
            bottom = bottom.max(first_baseline + extra_lines + FONT_SIZE * 0.3);
            labels.push(AxisLabel {
                lines,
                anchor,
                x,
                y: first_baseline,
            });
        }
        RadarLayout {
            centre: (MARGIN - left, MARGIN - top),
            labels,
            left,
            right,
            top,
            bottom,
        }
    }

    fn width(&self) -> f64 {
        self.right - self.left + 2.0 * MARGIN
    }

    fn height(&self) -> f64 {
        self.bottom - self.top + 2.0 * MARGIN
    }

    /// The point of a score on the axis of a type.
    fn vertex(&self, index: usize, score: u8) -> (f64, f64) {
        let (dx, dy) = direction(index);
        let r = RADAR_RADIUS * f64::from(score.min(2)) / 2.0;
        (self.centre.0 + dx * r, self.centre.1 + dy * r)
    }

    fn vertices(&self, plot: &Plot) -> Vec<(f64, f64)> {
        LloType::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| self.vertex(i, plot.get(*t).value()))
            .collect()
    }

    /// Rings, axes and type names.
    fn draw_grid(&self, svg: &mut Svg) {
        let count = LloType::ALL.len();
        for ring in [2u8, 1] {
            let ring_points: Vec<(f64, f64)> = (0..count).map(|i| self.vertex(i, ring)).collect();
            svg.raw(&format!(
                "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                points(&ring_points)
            ));
        }
        for index in 0..count {
            svg.line(self.centre, self.vertex(index, 2), GRID, 1.0);
        }
        svg.raw("<g>");
        for axis in &self.labels {
            let x = self.centre.0 + axis.x;
            let y = self.centre.1 + axis.y;
            if axis.lines.len() == 1 {
                svg.text(
                    (x, y),
                    axis.anchor,
                    FONT_SIZE,
                    TEXT,
                    true,
                    "",
                    &axis.lines[0],
                );
            } else {
                // One <text> per line keeps to the basic elements (no tspan).
                for (n, line) in axis.lines.iter().enumerate() {
                    let y = y + n as f64 * FONT_SIZE * LINE;
                    svg.text((x, y), axis.anchor, FONT_SIZE, TEXT, true, "", line);
                }
            }
        }
        svg.raw("</g>");
    }

    /// The scale values on the rings, on a white patch so a plot line
    /// crossing them does not hide them.
    fn draw_ring_values(&self, svg: &mut Svg) {
        for ring in [1u8, 2] {
            let (x, y) = self.vertex(0, ring);
            let (tx, ty) = (x + DOT + 3.0, y + SMALL + 4.0);
            svg.raw(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                num(tx - 1.5),
                num(ty - SMALL * 0.85),
                num(SMALL * CHAR_WIDTH + 3.0),
                num(SMALL + 1.0)
            ));
            svg.text(
                (tx, ty),
                Anchor::Start,
                SMALL,
                MUTED,
                false,
                "",
                &ring.to_string(),
            );
        }
    }
}

/// How one plot is drawn in a radar.
struct Series<'a> {
    plot: &'a Plot,
    colour: &'a str,
    /// `stroke-dasharray`, if the outline is dashed.
    dash: Option<&'a str>,
    /// Squares instead of dots at the vertices.
    squares: bool,
    /// Caller-given name, for the tooltips (already shortened).
    name: Option<String>,
}

fn draw_series(svg: &mut Svg, layout: &RadarLayout, series: &Series, lang: Lang) {
    let vertices = layout.vertices(series.plot);
    let dash = series
        .dash
        .map(|d| format!(" stroke-dasharray=\"{d}\""))
        .unwrap_or_default();
    svg.raw("<g>");
    svg.raw(&format!(
        "<polygon points=\"{}\" fill=\"{c}\" fill-opacity=\"0.2\" stroke=\"{c}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{dash}/>",
        points(&vertices),
        c = series.colour
    ));
    for (kind, (x, y)) in LloType::ALL.iter().zip(&vertices) {
        let score = series.plot.get(*kind).value();
        let tip = match &series.name {
            Some(name) => format!("{name}: {} {score}", label(*kind, lang)),
            None => format!("{}: {score}", label(*kind, lang)),
        };
        let shape = if series.squares {
            let side = DOT * 1.8;
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\">",
                num(x - side / 2.0),
                num(y - side / 2.0),
                num(side),
                num(side),
                series.colour
            )
        } else {
            format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\">",
                num(*x),
                num(*y),
                num(DOT),
                series.colour
            )
        };
        let close = if series.squares {
            "</rect>"
        } else {
            "</circle>"
        };
        svg.raw(&format!("{shape}<title>{}</title>{close}", escape(&tip)));
    }
    svg.raw("</g>");
}

/// `Opleiden: 2, Community-vorming: 1, ...`.
fn score_list(plot: &Plot, lang: Lang) -> String {
    LloType::ALL
        .iter()
        .map(|t| format!("{}: {}", label(*t, lang), plot.get(*t).value()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn radar_title(lang: Lang) -> &'static str {
    lang.pick(
        "Plot op de vijf typen LLO-interventies",
        "Plot on the five types of LLO intervention",
    )
}

fn scale_note(lang: Lang) -> &'static str {
    lang.pick(
        "Score per type, van 0 (niet) tot 2 (in ruime mate)",
        "Score per type, from 0 (not used) to 2 (used extensively)",
    )
}

/// The radar chart of one plot: five axes, one per type in the fixed order,
/// the first at the top and the others clockwise; rings at scores 1 and 2,
/// score 0 at the centre. The description lists every type with its score.
/// `id` makes the ids inside unique on a page (reduced to `[a-z0-9-]`).
pub fn radar(plot: &Plot, lang: Lang, id: &str) -> String {
    let layout = RadarLayout::new(lang);
    let desc = format!("{}: {}.", scale_note(lang), score_list(plot, lang));
    let mut svg = Svg::open(
        layout.width(),
        layout.height(),
        id,
        radar_title(lang),
        &desc,
    );
    layout.draw_grid(&mut svg);
    let series = Series {
        plot,
        colour: PRIMARY,
        dash: None,
        squares: false,
        name: None,
    };
    draw_series(&mut svg, &layout, &series, lang);
    layout.draw_ring_values(&mut svg);
    svg.close()
}

/// Two plots on one radar, for comparing designs (say the intended design
/// and the design in action). `labels` names them, in the legend and the
/// description; the first is drawn solid with dots, the second dashed
/// with squares and in another colour, so colour is never the only cue.
pub fn radar_compare(
    before: &Plot,
    after: &Plot,
    labels: (&str, &str),
    lang: Lang,
    id: &str,
) -> String {
    let layout = RadarLayout::new(lang);
    let names = (shorten(labels.0), shorten(labels.1));
    let legend_row = 20.0;
    let legend_top = layout.height();
    let sample = 30.0;
    let legend_width = [&names.0, &names.1]
        .iter()
        .map(|n| MARGIN + sample + 8.0 + text_width(n, FONT_SIZE) + MARGIN)
        .fold(0.0, f64::max);
    let width = layout.width().max(legend_width);
    let height = legend_top + 2.0 * legend_row + MARGIN;
    // Centre the radar when the legend makes the chart wider.
    let shift = (width - layout.width()) / 2.0;
    let layout = RadarLayout {
        centre: (layout.centre.0 + shift, layout.centre.1),
        ..layout
    };
    let title = format!(
        "{}: {} {} {}",
        radar_title(lang),
        labels.0,
        lang.pick("en", "and"),
        labels.1
    );
    let desc = format!(
        "{}. {}: {}. {}: {}.",
        scale_note(lang),
        labels.0,
        score_list(before, lang),
        labels.1,
        score_list(after, lang)
    );
    let mut svg = Svg::open(width, height, id, &title, &desc);
    layout.draw_grid(&mut svg);
    let first = Series {
        plot: before,
        colour: PRIMARY,
        dash: None,
        squares: false,
        name: Some(names.0.clone()),
    };
    let second = Series {
        plot: after,
        colour: SECONDARY,
        dash: Some("7 4"),
        squares: true,
        name: Some(names.1.clone()),
    };
    draw_series(&mut svg, &layout, &first, lang);
    draw_series(&mut svg, &layout, &second, lang);
    layout.draw_ring_values(&mut svg);

    svg.raw("<g>");
    for (row, series) in [&first, &second].into_iter().enumerate() {
        let y = legend_top + row as f64 * legend_row + legend_row / 2.0;
        let x = MARGIN;
        let dash = series
            .dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        svg.raw(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{dash}/>",
            num(x),
            num(y),
            num(x + sample),
            num(y),
            series.colour
        ));
        let mid = x + sample / 2.0;
        if series.squares {
            let side = DOT * 1.8;
            svg.raw(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                num(mid - side / 2.0),
                num(y - side / 2.0),
                num(side),
                num(side),
                series.colour
            ));
        } else {
            svg.raw(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>",
                num(mid),
                num(y),
                num(DOT),
                series.colour
            ));
        }
        let name = series.name.as_deref().unwrap_or_default();
        svg.text(
            (x + sample + 8.0, y + FONT_SIZE * 0.35),
            Anchor::Start,
            FONT_SIZE,
            TEXT,
            false,
            "",
            name,
        );
    }
    svg.raw("</g>");
    svg.close()
}

/// Tick values for an axis from 0 to `max`: round steps, at most about ten,
/// always ending at `max`.
fn ticks(max: usize, length: f64) -> Vec<usize> {
    if max == 0 {
        return vec![0];
    }
    // 1, 2, 5, 10, 20, 50, ...
    let (mut step, mut scale) = (1usize, 1usize);
    for base in [1usize, 2, 5].into_iter().cycle() {
        step = base * scale;
        if max / step <= 10 {
            break;
        }
        if base == 5 {
            scale *= 10;
        }
    }
    let mut values: Vec<usize> = (0..=max).step_by(step).collect();
    if values.last() != Some(&max) {
        // Drop a round tick that would crowd the end value.
        let min_gap = 30.0 / length * max as f64;
        if let Some(last) = values.last()
            && ((max - last) as f64) < min_gap
            && values.len() > 1
        {
            values.pop();
        }
        values.push(max);
    }
    values
}

/// Horizontal bars, one per type in the fixed order: how many of the
/// plotted initiatives use it, split into extensive use (score 2) and
/// limited use (score 1), with the count written after the bar (`4 van 9`).
/// The axis runs from 0 to the number of plotted initiatives; with none the
/// chart says so instead of drawing bars.
pub fn usage_bars(analysis: &Analysis, lang: Lang, id: &str) -> String {
    let plotted = analysis.initiatives_plotted;
    let names: Vec<String> = LloType::ALL.iter().map(|t| label(*t, lang)).collect();
    let label_width = names
        .iter()
        .map(|n| text_width(n, FONT_SIZE))
        .fold(0.0, f64::max);
    let bar_left = MARGIN + label_width + 10.0;
    let bar_length = 300.0;
    let count_text = |count: usize| format!("{count} {} {plotted}", lang.pick("van", "of"));
    let count_width = text_width(&count_text(plotted), FONT_SIZE);
    let legend = [
        (EXTENSIVE, lang.pick("extensief (2)", "extensive (2)")),
        (LIMITED, lang.pick("beperkt (1)", "limited (1)")),
    ];
    let swatch = 12.0;
    let legend_width: f64 = legend
        .iter()
        .map(|(_, text)| swatch + 6.0 + text_width(text, SMALL) + 18.0)
        .sum();
    let axis_note = lang.pick(
        "Aantal initiatieven met een plot",
        "Number of plotted initiatives",
    );
    let right = (bar_left + bar_length + 8.0 + count_width)
        .max(bar_left + legend_width)
        .max(bar_left + text_width(axis_note, SMALL));
    let width = right + MARGIN;

    let legend_y = MARGIN + swatch / 2.0;
    let bars_top = MARGIN + swatch + 14.0;
    let bar_height = 22.0;
    let row = bar_height + 12.0;
    let axis_y = bars_top + row * LloType::ALL.len() as f64;
    let height = axis_y + 6.0 + SMALL + 6.0 + SMALL + MARGIN;

    let title = lang.pick(
        "Gebruik van de vijf typen LLO-interventies",
        "Use of the five types of LLO intervention",
    );
    let desc = if plotted == 0 {
        lang.pick("Nog geen plots.", "No plots yet.").to_owned()
    } else {
        let items: Vec<String> = LloType::ALL
            .iter()
            .zip(&names)
            .map(|(t, name)| {
                let usage = analysis.usage.get(t);
                let count = usage.map_or(0, |u| u.count);
                let extensive = usage.map_or(0, |u| u.extensive);
                let limited = count.saturating_sub(extensive);
                match lang {
                    Lang::Nl => format!(
                        "{name}: {count} van {plotted} ({extensive} extensief, {limited} beperkt)"
                    ),
                    Lang::En => format!(
                        "{name}: {count} of {plotted} ({extensive} extensive, {limited} limited)"
                    ),
                }
            })
            .collect();
        let intro = match lang {
            Lang::Nl => {
                format!("Aantal van de {plotted} initiatieven met een plot dat elk type gebruikt")
            }
            Lang::En => format!("Number of the {plotted} plotted initiatives that use each type"),
        };
        format!("{intro}: {}.", items.join("; "))
    };
    let mut svg = Svg::open(width, height, id, title, &desc);

    // Legend.
    svg.raw("<g>");
    let mut x = bar_left;
    for (colour, text) in legend {
        svg.raw(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{swatch}\" height=\"{swatch}\" fill=\"{colour}\"/>",
            num(x),
            num(legend_y - swatch / 2.0)
        ));
        svg.text(
            (x + swatch + 6.0, legend_y + SMALL * 0.35),
            Anchor::Start,
            SMALL,
            TEXT,
            false,
            "",
            text,
        );
        x += swatch + 6.0 + text_width(text, SMALL) + 18.0;
    }
    svg.raw("</g>");

    let scale = |value: usize| {
        if plotted == 0 {
            0.0
        } else {
            bar_length * value.min(plotted) as f64 / plotted as f64
        }
    };

    // Gridlines and axis.
    let tick_values = ticks(plotted, bar_length);
    svg.raw("<g>");
    for value in &tick_values {
        let x = bar_left + scale(*value);
        if *value > 0 {
            svg.line((x, bars_top - 4.0), (x, axis_y), FAINT, 1.0);
        }
        svg.line((x, axis_y), (x, axis_y + 4.0), GRID, 1.0);
        svg.text(
            (x, axis_y + 6.0 + SMALL * 0.8),
            Anchor::Middle,
            SMALL,
            MUTED,
            false,
            "",
            &value.to_string(),
        );
    }
    svg.line(
        (bar_left, axis_y),
        (bar_left + bar_length, axis_y),
        GRID,
        1.0,
    );
    svg.line((bar_left, bars_top - 4.0), (bar_left, axis_y), GRID, 1.0);
    svg.text(
        (bar_left, axis_y + 6.0 + SMALL + 6.0 + SMALL * 0.8),
        Anchor::Start,
        SMALL,
        MUTED,
        false,
        "",
        axis_note,
    );
    svg.raw("</g>");

    // Type names and bars.
    for (index, (kind, name)) in LloType::ALL.iter().zip(&names).enumerate() {
        let top = bars_top + index as f64 * row;
        let middle = top + bar_height / 2.0;
        svg.raw("<g>");
        svg.text(
            (bar_left - 10.0, middle + FONT_SIZE * 0.35),
            Anchor::End,
            FONT_SIZE,
            TEXT,
            false,
            "",
            name,
        );
        if plotted > 0 {
            let usage = analysis.usage.get(kind);
            let count = usage.map_or(0, |u| u.count);
            let extensive = usage.map_or(0, |u| u.extensive).min(count);
            let segments = [
                (0, extensive, EXTENSIVE, lang.pick("extensief", "extensive")),
                (extensive, count, LIMITED, lang.pick("beperkt", "limited")),
            ];
            for (from, to, colour, word) in segments {
                if to > from {
                    let x = bar_left + scale(from);
                    svg.raw(&format!(
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bar_height}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}</title></rect>",
                        num(x),
                        num(top),
                        num(scale(to) - scale(from)),
                        escape(&format!("{name}: {} {word}", to - from))
                    ));
                }
            }
            svg.text(
                (bar_left + scale(count) + 6.0, middle + FONT_SIZE * 0.35),
                Anchor::Start,
                FONT_SIZE,
                TEXT,
                false,
                "",
                &count_text(count),
            );
        }
        svg.raw("</g>");
    }

    if plotted == 0 {
        svg.text(
            (
                bar_left + bar_length / 2.0,
                (bars_top + axis_y) / 2.0 + FONT_SIZE * 0.35,
            ),
            Anchor::Middle,
            FONT_SIZE,
            TEXT,
            true,
            "",
            lang.pick("Nog geen plots", "No plots yet"),
        );
    }
    svg.close()
}

/// The heat-map shade for a share `t` of the largest count (0 to 1).
fn heat(t: f64) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    let (from, to, t) = if t <= 0.5 {
        (HEAT_LOW, HEAT_MID, t * 2.0)
    } else {
        (HEAT_MID, HEAT_HIGH, t * 2.0 - 1.0)
    };
    let mut rgb = [0u8; 3];
    for (channel, (low, high)) in rgb.iter_mut().zip(from.iter().zip(to)) {
        *channel = (f64::from(*low) + (f64::from(high) - f64::from(*low)) * t).round() as u8;
    }
    rgb
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// Relative luminance (WCAG 2.1).
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// Contrast ratio of two colours (WCAG 2.1), 1 to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Dark text on light shades, white on dark ones: whichever contrasts more.
fn text_on(shade: [u8; 3]) -> &'static str {
    if contrast(shade, [255, 255, 255]) >= contrast(shade, [0, 0, 0]) {
        CELL_LIGHT
    } else {
        CELL_DARK
    }
}

/// A 5×5 grid of the types against each other: each cell holds the number of
/// plotted initiatives that use both types, shaded from light (0) to dark
/// (the largest count), with the number written in it; the diagonal is the
/// number that use the type at all.
pub fn co_occurrence_heatmap(analysis: &Analysis, lang: Lang, id: &str) -> String {
    let types = LloType::ALL;
    let names: Vec<String> = types.iter().map(|t| label(*t, lang)).collect();
    let count = |a: LloType, b: LloType| -> usize {
        analysis
            .co_occurrence
            .get(&a)
            .and_then(|row| row.get(&b))
            .copied()
            .unwrap_or(0)
    };
    let max = types
        .iter()
        .flat_map(|a| types.iter().map(move |b| (*a, *b)))
        .map(|(a, b)| count(a, b))
        .max()
        .unwrap_or(0);

    let cell = 48.0;
    let label_width = names
        .iter()
        .map(|n| text_width(n, FONT_SIZE))
        .fold(0.0, f64::max);
    let diagonal = std::f64::consts::FRAC_1_SQRT_2;
    let grid_left = MARGIN + label_width + 10.0;
    // Column names run up and to the right at 45 degrees from the middle
    // of their column.
    let column_reach: Vec<f64> = names
        .iter()
        .map(|n| (text_width(n, FONT_SIZE) + FONT_SIZE) * diagonal)
        .collect();
    let grid_top = MARGIN + column_reach.iter().copied().fold(0.0, f64::max) + 8.0;
    let grid_size = cell * types.len() as f64;
    let notes = [
        lang.pick(
            "Getal: initiatieven die beide typen gebruiken.",
            "Number: initiatives that use both types.",
        ),
        lang.pick(
            "Diagonaal: initiatieven die het type gebruiken.",
            "Diagonal: initiatives that use the type.",
        ),
    ];
    let column_labels_right = column_reach
        .iter()
        .enumerate()
        .map(|(j, reach)| grid_left + (j as f64 + 0.5) * cell + reach)
        .fold(0.0, f64::max);
    let note_width = notes
        .iter()
        .map(|n| text_width(n, SMALL))
        .fold(0.0, f64::max);
    let width = (grid_left + grid_size)
        .max(column_labels_right)
        .max(MARGIN + note_width)
        + MARGIN;
    let notes_top = grid_top + grid_size + 10.0;
    let height = notes_top + 2.0 * SMALL * LINE + MARGIN;

    let title = lang.pick(
        "Samen gebruikte typen LLO-interventies",
        "Types of LLO intervention used together",
    );
    let plotted = analysis.initiatives_plotted;
    let per_type: Vec<String> = types
        .iter()
        .zip(&names)
        .map(|(t, name)| format!("{name} {}", count(*t, *t)))
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in types.iter().enumerate() {
        for (j, b) in types.iter().enumerate().skip(i + 1) {
            pairs.push(format!(
                "{} {} {} {}",
                names[i],
                lang.pick("en", "and"),
                names[j],
                count(*a, *b)
            ));
        }
    }
    let desc = match lang {
        Lang::Nl => format!(
            "Aantal van de {plotted} initiatieven met een plot dat beide typen gebruikt. \
             Per type: {}. Samen: {}.",
            per_type.join(", "),
            pairs.join(", ")
        ),
        Lang::En => format!(
            "Number of the {plotted} plotted initiatives that use both types. \
             Per type: {}. Together: {}.",
            per_type.join(", "),
            pairs.join(", ")
        ),
    };
    let mut svg = Svg::open(width, height, id, title, &desc);

    svg.raw("<g>");
    for (index, name) in names.iter().enumerate() {
        let middle = grid_top + (index as f64 + 0.5) * cell;
        svg.text(
            (grid_left - 10.0, middle + FONT_SIZE * 0.35),
            Anchor::End,
            FONT_SIZE,
            TEXT,
            false,
            "",
            name,
        );
        let (x, y) = (grid_left + (index as f64 + 0.5) * cell, grid_top - 8.0);
        svg.text(
            (x, y),
            Anchor::Start,
            FONT_SIZE,
            TEXT,
            false,
            &format!(" transform=\"rotate(-45 {} {})\"", num(x), num(y)),
            name,
        );
    }
    svg.raw("</g>");

    for (i, a) in types.iter().enumerate() {
        svg.raw("<g>");
        for (j, b) in types.iter().enumerate() {
            let value = count(*a, *b);
            let share = if max == 0 {
                0.0
            } else {
                value as f64 / max as f64
            };
            let shade = heat(share);
            let (x, y) = (grid_left + j as f64 * cell, grid_top + i as f64 * cell);
            let tip = if i == j {
                format!("{}: {value}", names[i])
            } else {
                format!(
                    "{} {} {}: {value}",
                    names[i],
                    lang.pick("en", "and"),
                    names[j]
                )
            };
            svg.raw(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\" stroke=\"{FAINT}\" stroke-width=\"1\"><title>{}</title></rect>",
                num(x),
                num(y),
                hex(shade),
                escape(&tip)
            ));
            svg.text(
                (x + cell / 2.0, y + cell / 2.0 + 14.0 * 0.35),
                Anchor::Middle,
                14.0,
                text_on(shade),
                i == j,
                "",
                &value.to_string(),
            );
        }
        svg.raw("</g>");
    }
    svg.raw(&format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{g}\" height=\"{g}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
        num(grid_left),
        num(grid_top),
        g = num(grid_size)
    ));
    for (n, note) in notes.iter().enumerate() {
        svg.text(
            (MARGIN, notes_top + SMALL + n as f64 * SMALL * LINE),
            Anchor::Start,
            SMALL,
            MUTED,
            false,
            "",
            note,
        );
    }
    svg.close()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::model::{Dataset, Initiative, Score, Session, SessionKind};
    use crate::values::{IsoDate, Slug};
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    fn plot(scores: [u8; 5]) -> Plot {
        Plot::from_scores(scores.map(|s| Score::new(s).expect("score")))
    }

    /// The analysis of one initiative per plot.
    fn analysis_of(plots: &[[u8; 5]]) -> Analysis {
        let initiatives = plots
            .iter()
            .enumerate()
            .map(|(n, scores)| Initiative {
                id: Slug::parse(&format!("init-{n}")).expect("slug"),
                name: format!("Initiatief {n}"),
                short_name: None,
                sectors: None,
                target_groups: None,
                problem: None,
                website: None,
                partners: None,
                sessions: Some(vec![Session {
                    date: IsoDate::from_ymd(2024, 3, 12).expect("date"),
                    kind: SessionKind::BeoogdOntwerp,
                    participants: None,
                    notes: None,
                    cimo: None,
                    llo: Some(plot(*scores)),
                    llo_notes: None,
                    werkplekleren: None,
                    werkplekleren_notes: None,
                    lessons: None,
                    draft: false,
                }]),
            })
            .collect();
        analyse(&Dataset {
            initiatives: Some(initiatives),
            ..Dataset::empty()
        })
    }

    fn example() -> Analysis {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/voorbeeldnetwerk.yaml");
        let dataset =
            crate::file::read_file(&path, crate::file::DEFAULT_MAX_SIZE).expect("example dataset");
        analyse(&dataset)
    }

    /// Every start tag (`<name ...>` or `<name .../>`) as its name and whole text.
    fn start_tags(svg: &str) -> Vec<(String, String)> {
        let mut tags = Vec::new();
        let mut rest = svg;
        while let Some(at) = rest.find('<') {
            rest = &rest[at..];
            let end = rest.find('>').expect("tag closes");
            let tag = &rest[..=end];
            if !tag.starts_with("</") {
                let name: String = tag[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                tags.push((name, tag.to_owned()));
            }
            rest = &rest[end + 1..];
        }
        tags
    }

    fn tags_named(svg: &str, name: &str) -> Vec<String> {
        start_tags(svg)
            .into_iter()
            .filter(|(n, _)| n == name)
            .map(|(_, t)| t)
            .collect()
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    }

    fn number(tag: &str, name: &str) -> f64 {
        attr(tag, name)
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            .parse()
            .expect("number")
    }

    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    }

    /// Each `<text>` element: its start tag and its (unescaped) content.
    fn texts(svg: &str) -> Vec<(String, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|part| {
                let open_end = part.find('>').expect("text tag closes");
                let close = part.find("</text>").expect("text closes");
                (
                    format!("<text {}", &part[..=open_end]),
                    unescape(&part[open_end + 1..close]),
                )
            })
            .collect()
    }

    /// The content of the first element `name`.
    fn content(svg: &str, name: &str) -> String {
        let open = svg.find(&format!("<{name}")).expect("element");
        let start = svg[open..].find('>').expect("closes") + open + 1;
        let end = svg[start..].find(&format!("</{name}>")).expect("end tag") + start;
        unescape(&svg[start..end])
    }

    fn parse_points(text: &str) -> Vec<(f64, f64)> {
        text.split(' ')
            .map(|pair| {
                let (x, y) = pair.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect()
    }

    fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    fn rgb(hex: &str) -> [u8; 3] {
        let hex = hex.trim_start_matches('#');
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour");
        [channel(0), channel(2), channel(4)]
    }

    const WHITE: [u8; 3] = [255, 255, 255];

    /// Minimal XML check: tags balance, one root `svg`, attribute values
    /// quoted and free of `<`, every `&` starts an entity. And `xmllint`
    /// when the machine has it.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = svg;
        loop {
            let (text, next) = match rest.find('<') {
                Some(at) => (&rest[..at], Some(at)),
                None => (rest, None),
            };
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in {entity:.40}"
                );
            }
            if stack.is_empty() {
                assert!(text.trim().is_empty(), "text outside the root: {text:?}");
            }
            let Some(at) = next else { break };
            rest = &rest[at..];
            // Find the end of the tag, skipping quoted values.
            let mut quote = None;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), '<') => panic!("< inside an attribute value"),
                    (None, '<') => panic!("< inside a tag"),
                    (None, '>') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.expect("tag closes");
            let tag = &rest[..=end];
            if let Some(name) = tag.strip_prefix("</") {
                let name = name.trim_end_matches('>');
                assert_eq!(stack.pop().as_deref(), Some(name), "end tag {tag}");
            } else {
                let name: String = tag[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(!name.is_empty(), "tag {tag}");
                for value in tag.split('=').skip(1) {
                    assert!(value.starts_with('"'), "unquoted attribute in {tag}");
                    assert!(
                        !value.contains('&') || value.contains(';'),
                        "bare & in {tag}"
                    );
                }
                if stack.is_empty() {
                    roots += 1;
                    assert_eq!(name, "svg", "root element");
                }
                if !tag.ends_with("/>") {
                    stack.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        assert_eq!(roots, 1, "one root element");

        match Command::new("xmllint")
            .args(["--noout", "-"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Err(_) => {} // not installed: the check above has to do
            Ok(mut child) => {
                child
                    .stdin
                    .take()
                    .expect("stdin")
                    .write_all(svg.as_bytes())
                    .expect("write to xmllint");
                let output = child.wait_with_output().expect("xmllint runs");
                assert!(
                    output.status.success(),
                    "xmllint: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
    }

    /// Every chart of interest, in both languages.
    fn all_charts() -> Vec<String> {
        let a = example();
        let empty = analysis_of(&[]);
        let mut charts = Vec::new();
        for lang in [Lang::Nl, Lang::En] {
            charts.push(radar(&plot([2, 0, 1, 2, 1]), lang, "r"));
            charts.push(radar(&plot([0, 0, 0, 0, 0]), lang, "r"));
            charts.push(radar_compare(
                &plot([2, 1, 0, 1, 1]),
                &plot([2, 2, 1, 1, 1]),
                ("Beoogd ontwerp", "Ontwerp in actie"),
                lang,
                "c",
            ));
            charts.push(usage_bars(&a, lang, "u"));
            charts.push(usage_bars(&empty, lang, "u"));
            charts.push(co_occurrence_heatmap(&a, lang, "h"));
            charts.push(co_occurrence_heatmap(&empty, lang, "h"));
        }
        charts
    }

    #[test]
    fn radar_vertices_lie_on_the_ring_of_their_score() {
        let svg = radar(&plot([2, 0, 1, 2, 1]), Lang::Nl, "r");
        let polygons = tags_named(&svg, "polygon");
        let outer = polygons
            .iter()
            .find(|p| attr(p, "fill").as_deref() == Some("none"))
            .expect("outer ring");
        let ring = parse_points(&attr(outer, "points").expect("points"));
        assert_eq!(ring.len(), 5);
        let centre = (
            ring.iter().map(|p| p.0).sum::<f64>() / 5.0,
            ring.iter().map(|p| p.1).sum::<f64>() / 5.0,
        );
        let radius = distance(ring[0], centre);
        assert!(radius > 50.0);
        for corner in &ring {
            assert!((distance(*corner, centre) - radius).abs() < 0.05);
        }

        let shape = polygons
            .iter()
            .find(|p| attr(p, "stroke").as_deref() == Some(PRIMARY))
            .expect("plot polygon");
        assert!(attr(shape, "fill-opacity").is_some(), "filled see-through");
        let vertices = parse_points(&attr(shape, "points").expect("points"));
        assert_eq!(vertices.len(), 5);
        let expected = [1.0, 0.0, 0.5, 1.0, 0.5];
        for (vertex, share) in vertices.iter().zip(expected) {
            assert!(
                (distance(*vertex, centre) - share * radius).abs() < 0.05,
                "{vertex:?} should be {share} of the radius from {centre:?}"
            );
        }
        // Opleiden at the top, then clockwise.
        assert!((vertices[0].0 - centre.0).abs() < 0.05 && vertices[0].1 < centre.1);
        assert!(vertices[2].0 > centre.0 && vertices[2].1 > centre.1);
        assert!(vertices[3].0 < centre.0 && vertices[3].1 > centre.1);
        assert!(vertices[4].0 < centre.0 && vertices[4].1 < centre.1);

        // A dot at each vertex.
        let dots: Vec<(f64, f64)> = tags_named(&svg, "circle")
            .iter()
            .map(|c| (number(c, "cx"), number(c, "cy")))
            .collect();
        for vertex in &vertices {
            assert!(dots.iter().any(|d| distance(*d, *vertex) < 0.05));
        }

        // The ring values 1 and 2 are written.
        let values: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(values.contains(&"1".to_owned()) && values.contains(&"2".to_owned()));
    }

    #[test]
    fn radar_names_every_type_and_score_for_screen_readers() {
        let scores = [2, 0, 1, 2, 1];
        let nl = radar(&plot(scores), Lang::Nl, "r");
        assert_eq!(
            content(&nl, "title"),
            "Plot op de vijf typen LLO-interventies"
        );
        let desc = content(&nl, "desc");
        for part in [
            "Opleiden: 2",
            "Community-vorming: 0",
            "Waarderen en certificeren: 1",
            "Matching: 2",
            "Loopbaanbegeleiding: 1",
        ] {
            assert!(desc.contains(part), "{part} in {desc}");
        }
        let en = radar(&plot(scores), Lang::En, "r");
        assert_eq!(
            content(&en, "title"),
            "Plot on the five types of LLO intervention"
        );
        let desc = content(&en, "desc");
        for part in [
            "Training: 2",
            "Community building: 0",
            "Valuing and certifying: 1",
            "Matching: 2",
            "Career guidance: 1",
        ] {
            assert!(desc.contains(part), "{part} in {desc}");
        }
        // The visible labels: every type name, wrapped or not.
        let visible: String = texts(&nl)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(" ");
        for name in [
            "Opleiden",
            "Community-",
            "vorming",
            "Waarderen en",
            "certificeren",
            "Matching",
            "Loopbaanbegeleiding",
        ] {
            assert!(visible.contains(name), "{name} drawn");
        }
    }

    #[test]
    fn every_chart_is_labelled_by_its_title_and_desc() {
        for svg in all_charts() {
            let root = &start_tags(&svg)[0];
            assert_eq!(root.0, "svg");
            let tag = &root.1;
            assert_eq!(
                attr(tag, "xmlns").as_deref(),
                Some("http://www.w3.org/2000/svg")
            );
            assert_eq!(attr(tag, "role").as_deref(), Some("img"));
            let (w, h) = (number(tag, "width"), number(tag, "height"));
            assert_eq!(attr(tag, "viewBox"), Some(format!("0 0 {w} {h}")));
            let ids = attr(tag, "aria-labelledby").expect("aria-labelledby");
            let ids: Vec<&str> = ids.split(' ').collect();
            assert_eq!(ids.len(), 2);
            let title = &tags_named(&svg, "title")[0];
            let desc = &tags_named(&svg, "desc")[0];
            assert_eq!(attr(title, "id").as_deref(), Some(ids[0]));
            assert_eq!(attr(desc, "id").as_deref(), Some(ids[1]));
            assert!(!content(&svg, "title").is_empty());
            assert!(!content(&svg, "desc").is_empty());
        }
    }

    #[test]
    fn ids_are_sanitised_and_follow_the_prefix() {
        let svg = radar(&plot([1, 1, 1, 1, 1]), Lang::Nl, "Plot <Één> \"x\"");
        let title = &tags_named(&svg, "title")[0];
        let id = attr(title, "id").expect("id");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}"
        );
        assert!(id.starts_with("plot-") && id.ends_with("-title"), "{id}");
        let other = radar(&plot([1, 1, 1, 1, 1]), Lang::Nl, "plot-2");
        assert_ne!(attr(&tags_named(&other, "title")[0], "id"), Some(id));
        assert_eq!(sanitise_id("12"), "chart-12");
        assert_eq!(sanitise_id(""), "chart-");
    }

    #[test]
    fn caller_labels_are_escaped() {
        let hostile = "<script>alert(1)</script>&\"'";
        let svg = radar_compare(
            &plot([2, 1, 0, 0, 1]),
            &plot([2, 2, 0, 1, 1]),
            (hostile, "a\u{1}b"),
            Lang::Nl,
            "c",
        );
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;"));
        assert!(!svg.contains('\u{1}'));
        assert_well_formed(&svg);
        // The reader still sees the label as given, in the legend and the title.
        let legend: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(legend.contains(&hostile.to_owned()));
        assert!(content(&svg, "title").contains(hostile));
        assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    }

    #[test]
    fn comparison_differs_in_colour_and_dash_and_has_a_legend() {
        let svg = radar_compare(
            &plot([2, 1, 0, 1, 1]),
            &plot([2, 2, 1, 1, 0]),
            ("Beoogd ontwerp", "Ontwerp in actie"),
            Lang::Nl,
            "c",
        );
        let shapes: Vec<String> = tags_named(&svg, "polygon")
            .into_iter()
            .filter(|p| attr(p, "fill-opacity").is_some())
            .collect();
        assert_eq!(shapes.len(), 2);
        assert_ne!(attr(&shapes[0], "stroke"), attr(&shapes[1], "stroke"));
        assert_ne!(
            attr(&shapes[0], "stroke-dasharray"),
            attr(&shapes[1], "stroke-dasharray")
        );
        let visible: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(visible.contains(&"Beoogd ontwerp".to_owned()));
        assert!(visible.contains(&"Ontwerp in actie".to_owned()));
        let desc = content(&svg, "desc");
        assert!(desc.contains("Beoogd ontwerp: Opleiden: 2, Community-vorming: 1"));
        assert!(desc.contains("Ontwerp in actie: Opleiden: 2, Community-vorming: 2"));
        assert!(desc.contains("Loopbaanbegeleiding: 0"));
    }

    #[test]
    fn heatmap_cells_show_the_counts_with_readable_text() {
        let a = example();
        let svg = co_occurrence_heatmap(&a, Lang::Nl, "h");
        let cells: Vec<(String, String)> = texts(&svg)
            .into_iter()
            .filter(|(tag, _)| attr(tag, "font-size").as_deref() == Some("14"))
            .collect();
        assert_eq!(cells.len(), 25);
        let rects: Vec<String> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains("<title>"))
            .map(|l| l.to_owned())
            .collect();
        assert_eq!(rects.len(), 25);
        let max = a
            .co_occurrence
            .values()
            .flat_map(|row| row.values())
            .copied()
            .max()
            .expect("counts");
        let mut shades = Vec::new();
        for (i, row_type) in LloType::ALL.iter().enumerate() {
            for (j, column_type) in LloType::ALL.iter().enumerate() {
                let n = i * 5 + j;
                let expected = a.co_occurrence[row_type][column_type];
                assert_eq!(cells[n].1, expected.to_string(), "cell {i},{j}");
                if i == j {
                    assert_eq!(expected, a.usage[row_type].count);
                }
                let fill = rgb(&attr(&rects[n], "fill").expect("fill"));
                let ink = rgb(&attr(&cells[n].0, "fill").expect("text fill"));
                assert!(contrast(fill, ink) >= 4.5, "cell {i},{j}");
                shades.push((expected, luminance(fill)));
            }
        }
        // Larger counts are darker; the largest is the darkest shade.
        for (count_a, lum_a) in &shades {
            for (count_b, lum_b) in &shades {
                if count_a < count_b {
                    assert!(lum_a > lum_b);
                }
            }
            if *count_a == max {
                assert!((lum_a - luminance(HEAT_HIGH)).abs() < 1e-9);
            }
        }
        // The example has both light and dark cells, so both inks appear.
        let inks: Vec<String> = cells.iter().filter_map(|(t, _)| attr(t, "fill")).collect();
        assert!(inks.iter().any(|c| c == CELL_LIGHT) && inks.iter().any(|c| c == CELL_DARK));
        let desc = content(&svg, "desc");
        assert!(desc.contains(&format!(
            "Opleiden {}",
            a.co_occurrence[&LloType::Opleiden][&LloType::Opleiden]
        )));
    }

    #[test]
    fn heatmap_shades_keep_contrast_with_their_text() {
        let mut previous = f64::INFINITY;
        for step in 0..=200 {
            let shade = heat(f64::from(step) / 200.0);
            assert!(contrast(shade, rgb(text_on(shade))) >= 4.5, "{shade:?}");
            // Steadily darker: a larger count never looks lighter.
            assert!(luminance(shade) <= previous, "{shade:?}");
            previous = luminance(shade);
        }
        assert_eq!(heat(0.0), HEAT_LOW);
        assert_eq!(heat(1.0), HEAT_HIGH);
    }

    #[test]
    fn usage_bars_split_extensive_and_limited_and_write_the_count() {
        // Opleiden: 2, 2, 1, 0 -> 3 of 4, 2 extensive.
        let a = analysis_of(&[[2, 0, 0, 0, 0], [2, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0; 5]]);
        let svg = usage_bars(&a, Lang::Nl, "u");
        let visible: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        assert!(visible.contains(&"3 van 4".to_owned()));
        assert!(visible.contains(&"1 van 4".to_owned()));
        assert!(visible.contains(&"0 van 4".to_owned()));
        assert!(visible.contains(&"extensief (2)".to_owned()));
        assert!(visible.contains(&"beperkt (1)".to_owned()));
        let bar = |title: &str| {
            let line = svg
                .lines()
                .find(|l| l.contains(&format!("<title>{title}</title>")))
                .unwrap_or_else(|| panic!("{title}"));
            (number(line, "x"), number(line, "width"), attr(line, "fill"))
        };
        let (x_ext, w_ext, fill_ext) = bar("Opleiden: 2 extensief");
        let (x_lim, w_lim, fill_lim) = bar("Opleiden: 1 beperkt");
        assert!((w_ext - 2.0 * w_lim).abs() < 0.05);
        assert!((x_ext + w_ext - x_lim).abs() < 0.05, "segments touch");
        assert_ne!(fill_ext, fill_lim);
        // The axis runs to the number of plotted initiatives: 3 of 4 fills 3/4.
        let (_, w_com, _) = bar("Community-vorming: 1 beperkt");
        assert!(((w_ext + w_lim) - 3.0 * w_com).abs() < 0.05);
        assert!(visible.contains(&"4".to_owned()) && visible.contains(&"0".to_owned()));
        let desc = content(&svg, "desc");
        assert!(
            desc.contains("Opleiden: 3 van 4 (2 extensief, 1 beperkt)"),
            "{desc}"
        );

        let en = usage_bars(&a, Lang::En, "u");
        assert!(texts(&en).iter().any(|(_, t)| t == "3 of 4"));
    }

    #[test]
    fn usage_bars_without_plots_say_so() {
        let a = analysis_of(&[]);
        assert_eq!(a.initiatives_plotted, 0);
        for (lang, message) in [(Lang::Nl, "Nog geen plots"), (Lang::En, "No plots yet")] {
            let svg = usage_bars(&a, lang, "u");
            assert!(texts(&svg).iter().any(|(_, t)| t == message));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert!(!svg.contains("<title>Opleiden"), "no bars");
            assert_well_formed(&svg);
        }
    }

    #[test]
    fn usage_bars_match_the_example_dataset() {
        let a = example();
        let svg = usage_bars(&a, Lang::Nl, "u");
        let visible: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
        for usage in a.usage.values() {
            let text = format!("{} van {}", usage.count, a.initiatives_plotted);
            assert!(visible.contains(&text), "{text}");
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(all_charts(), all_charts());
    }

    #[test]
    fn every_chart_is_well_formed_and_uses_only_basic_elements() {
        let allowed = [
            "svg", "g", "line", "polygon", "polyline", "circle", "rect", "text", "title", "desc",
        ];
        for svg in all_charts() {
            assert_well_formed(&svg);
            for (name, tag) in start_tags(&svg) {
                assert!(allowed.contains(&name.as_str()), "{name}");
                assert!(
                    !tag.contains(" class=") && !tag.contains(" style="),
                    "{tag}"
                );
                assert!(!tag.contains("href"), "{tag}");
            }
        }
    }

    #[test]
    fn colours_meet_wcag_aa_on_white() {
        for text in [TEXT, MUTED] {
            assert!(contrast(rgb(text), WHITE) >= 4.5, "{text}");
        }
        for mark in [GRID, PRIMARY, SECONDARY, EXTENSIVE, LIMITED] {
            assert!(contrast(rgb(mark), WHITE) >= 3.0, "{mark}");
        }
        assert!(contrast(rgb(EXTENSIVE), rgb(LIMITED)) >= 3.0);
        assert!(contrast(rgb(PRIMARY), rgb(SECONDARY)) > 1.0);
        // Every text outside the heat-map cells is drawn on white.
        for svg in all_charts() {
            for (tag, _) in texts(&svg) {
                if attr(&tag, "font-size").as_deref() == Some("14") {
                    continue; // heat-map cell, checked against its shade
                }
                let fill = attr(&tag, "fill").expect("text colour");
                assert!(contrast(rgb(&fill), WHITE) >= 4.5, "{tag}");
            }
        }
    }

    #[test]
    fn radar_labels_stay_inside_the_view_box() {
        for lang in [Lang::Nl, Lang::En] {
            let svg = radar(&plot([2, 2, 2, 2, 2]), lang, "r");
            let root = &start_tags(&svg)[0].1;
            let (w, h) = (number(root, "width"), number(root, "height"));
            for (tag, text) in texts(&svg) {
                let (x, y) = (number(&tag, "x"), number(&tag, "y"));
                let size = number(&tag, "font-size");
                let anchor = match attr(&tag, "text-anchor").as_deref() {
                    Some("start") => Anchor::Start,
                    Some("end") => Anchor::End,
                    _ => Anchor::Middle,
                };
                let (left, right) = anchor.span(x, text_width(&text, size));
                assert!(left >= 0.0 && right <= w, "{text} at {x} in width {w}");
                assert!(y - size >= 0.0 && y + size * 0.3 <= h, "{text} at {y}");
            }
        }
    }

    #[test]
    fn long_type_names_wrap_at_a_space_or_hyphen() {
        assert_eq!(
            wrap("Waarderen en certificeren"),
            ["Waarderen en", "certificeren"]
        );
        assert_eq!(wrap("Community-vorming"), ["Community-", "vorming"]);
        assert_eq!(wrap("Loopbaanbegeleiding"), ["Loopbaanbegeleiding"]);
        assert_eq!(wrap("Opleiden"), ["Opleiden"]);
        assert_eq!(wrap("Career guidance"), ["Career", "guidance"]);
    }

    #[test]
    fn axis_ticks_are_round_and_end_at_the_total() {
        assert_eq!(ticks(0, 300.0), [0]);
        assert_eq!(ticks(4, 300.0), [0, 1, 2, 3, 4]);
        assert_eq!(ticks(23, 300.0), [0, 5, 10, 15, 20, 23]);
        assert_eq!(ticks(21, 300.0), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 21]);
        assert_eq!(
            ticks(100, 300.0),
            [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        );
        assert!(ticks(1_000_000, 300.0).len() <= 12);
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(12.345_678), "12.35");
        assert_eq!(num(100.0), "100");
    }
}
