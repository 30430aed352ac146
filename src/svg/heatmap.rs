//! The risk heat map: probability (across) × impact (up) on a 3×3 grid, each risk a numbered
//! chip in its cell that links to the risk's page, with a `<title>` tooltip. Cells are shaded
//! by probability × impact and carry that score, so the map reads in grayscale too.

use super::{Writer, num, truncate};

/// One risk on the map.
#[derive(Debug, Clone)]
pub(crate) struct HeatDot<'a> {
    /// Number shown in the chip (matches the register).
    pub number: usize,
    /// Title (shortened to fit the chip; the tooltip has it whole).
    pub title: &'a str,
    /// Link to the risk's page, relative to the page the map is on.
    pub href: &'a str,
    /// 0 = low, 1 = medium, 2 = high.
    pub probability: usize,
    /// 0 = low, 1 = medium, 2 = high.
    pub impact: usize,
    /// `open`, `triggered`, `mitigated` or `closed`.
    pub status: &'a str,
    /// Tooltip text.
    pub tooltip: &'a str,
}

/// The words on the map.
#[derive(Debug, Clone)]
pub(crate) struct HeatLabels<'a> {
    /// Accessible name of the chart.
    pub title: &'a str,
    /// X axis title.
    pub probability: &'a str,
    /// Y axis title.
    pub impact: &'a str,
    /// Level names, low to high.
    pub levels: [&'a str; 3],
    /// `+{n} more` (with `{n}` replaced).
    pub more: &'a str,
    /// Where `more` links to (the register).
    pub more_href: &'a str,
}

const LEFT: f64 = 84.0;
const TOP: f64 = 10.0;
const CELL_W: f64 = 236.0;
const CELL_H: f64 = 112.0;
const BOTTOM: f64 = 50.0;
const RIGHT: f64 = 10.0;
const CHIP_H: f64 = 21.0;
const CHIP_GAP: f64 = 3.0;
const PAD: f64 = 6.0;
/// Display columns of a chip's title.
const CHIP_COLS: usize = 28;

/// Renders the heat map of `dots` as an SVG whose ids start with `id`.
pub(crate) fn render(id: &str, dots: &[HeatDot<'_>], labels: &HeatLabels<'_>) -> String {
    let p = super::safe_id(id);
    let width = LEFT + 3.0 * CELL_W + RIGHT;
    let height = TOP + 3.0 * CELL_H + BOTTOM;
    let mut w = Writer::with_capacity(4096 + dots.len() * 600);
    w.tag("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("id", &p)
        .attr("class", "heatmap")
        .attr("viewBox", &format!("0 0 {} {}", num(width), num(height)))
        .num("width", width)
        .num("height", height)
        .attr("role", "img")
        .attr("aria-labelledby", &format!("{p}-title"))
        .open();
    w.tag("title").attr("id", &format!("{p}-title")).text(labels.title);
    w.tag("style").text(&css(&p));
    w.newline();

    // Cells, shaded by score, with the score in a corner.
    for impact in 0..3 {
        for prob in 0..3 {
            let (x, y) = cell_origin(prob, impact);
            let score = (prob + 1) * (impact + 1);
            w.rect(&format!("cell s{}", severity(score)), x, y, CELL_W, CELL_H).empty();
            w.text_at("score", x + CELL_W - 6.0, y + CELL_H - 6.0).text(&score.to_string());
        }
    }
    w.newline();
    // Axes: level names and titles.
    for (i, level) in labels.levels.iter().enumerate() {
        let (x, _) = cell_origin(i, 0);
        w.text_at("level x", x + CELL_W / 2.0, TOP + 3.0 * CELL_H + 17.0).text(level);
        let (_, y) = cell_origin(0, i);
        w.text_at("level y", LEFT - 8.0, y + CELL_H / 2.0 + 4.0).text(level);
    }
    w.text_at("axis", LEFT + 1.5 * CELL_W, TOP + 3.0 * CELL_H + 40.0)
        .text(&format!("{} →", labels.probability));
    let (cx, cy) = (18.0, TOP + 1.5 * CELL_H);
    w.tag("text")
        .attr("class", "axis")
        .num("x", cx)
        .num("y", cy)
        .attr("transform", &format!("rotate(-90 {} {})", num(cx), num(cy)))
        .text(&format!("{} →", labels.impact));
    w.newline();

    // Chips, cell by cell in the order given.
    let fit = ((CELL_H - 2.0 * PAD + CHIP_GAP) / (CHIP_H + CHIP_GAP)).floor() as usize;
    for impact in 0..3 {
        for prob in 0..3 {
            let here: Vec<&HeatDot<'_>> = dots
                .iter()
                .filter(|d| d.probability.min(2) == prob && d.impact.min(2) == impact)
                .collect();
            if here.is_empty() {
                continue;
            }
            let (x, y) = cell_origin(prob, impact);
            let shown = if here.len() > fit { fit - 1 } else { here.len() };
            for (k, d) in here.iter().take(shown).enumerate() {
                chip(&mut w, x + PAD, y + PAD + k as f64 * (CHIP_H + CHIP_GAP), d);
            }
            if here.len() > shown {
                let rest = here.len() - shown;
                let cy = y + PAD + shown as f64 * (CHIP_H + CHIP_GAP);
                w.tag("a").attr("href", labels.more_href).attr("class", "more").open();
                let tip: Vec<String> =
                    here[shown..].iter().map(|d| format!("{}. {}", d.number, d.title)).collect();
                w.tag("title").text(&tip.join("\n"));
                w.text_at("more", x + PAD + 4.0, cy + 15.0)
                    .text(&labels.more.replace("{n}", &rest.to_string()));
                w.close();
            }
            w.newline();
        }
    }
    w.finish()
}

/// Top-left corner of the cell at probability `prob` and impact `impact` (high impact on top).
fn cell_origin(prob: usize, impact: usize) -> (f64, f64) {
    (LEFT + prob as f64 * CELL_W, TOP + (2 - impact.min(2)) as f64 * CELL_H)
}

/// Shade class of a score 1..=9: 1 (1–2), 2 (3–4), 3 (6), 4 (9).
fn severity(score: usize) -> usize {
    match score {
        0..=2 => 1,
        3..=4 => 2,
        5..=6 => 3,
        _ => 4,
    }
}

/// One risk: a rounded chip with its number in a disc and its title, linked to its page.
fn chip(w: &mut Writer, x: f64, y: f64, dot: &HeatDot<'_>) {
    let cw = CELL_W - 2.0 * PAD;
    w.tag("a").attr("href", dot.href).attr("class", &format!("risk {}", dot.status)).open();
    w.tag("title").text(dot.tooltip);
    w.tag("rect")
        .attr("class", "chip")
        .num("x", x)
        .num("y", y)
        .num("width", cw)
        .num("height", CHIP_H)
        .num("rx", CHIP_H / 2.0)
        .empty();
    let radius = CHIP_H / 2.0 - 2.0;
    w.tag("circle")
        .attr("class", "dot")
        .num("cx", x + CHIP_H / 2.0)
        .num("cy", y + CHIP_H / 2.0)
        .num("r", radius)
        .empty();
    w.text_at("n", x + CHIP_H / 2.0, y + CHIP_H / 2.0 + 4.0).text(&dot.number.to_string());
    let (label, _) = truncate(dot.title, CHIP_COLS);
    w.text_at("label", x + CHIP_H + 3.0, y + CHIP_H / 2.0 + 4.0).text(&label);
    w.close();
}

fn css(p: &str) -> String {
    const RULES: &str = "
#P{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif;font-size:12px}
#P .cell{stroke:#fff;stroke-width:2}
#P .s1{fill:#e9f4ec}
#P .s2{fill:#fbf1dc}
#P .s3{fill:#fadfc9}
#P .s4{fill:#f6cfcb}
#P .score{font-size:11px;fill:#8b949e;text-anchor:end;font-weight:600}
#P .level{font-size:11px;fill:#5d6873;font-weight:600}
#P .level.x{text-anchor:middle}
#P .level.y{text-anchor:end}
#P .axis{font-size:11px;fill:#3b434b;font-weight:700;letter-spacing:.06em;text-transform:uppercase;text-anchor:middle}
#P .chip{fill:#fff;stroke:#8b949e;stroke-width:1}
#P .dot{fill:#3b434b}
#P .n{fill:#fff;font-size:11px;font-weight:700;text-anchor:middle}
#P .label{fill:#1f2328;font-size:13px}
#P .triggered .chip{stroke:#b42318;stroke-width:2}
#P .triggered .dot{fill:#b42318}
#P .triggered .label{fill:#8a1a12}
#P .open .dot{fill:#9a5b00}
#P .mitigated .dot{fill:#fff;stroke:#1d6b40;stroke-width:1.5}
#P .mitigated .n{fill:#1d6b40}
#P .closed .chip{stroke-dasharray:3 2;fill:#f6f8fa}
#P .closed .dot{fill:#fff;stroke:#8b949e;stroke-width:1.5}
#P .closed .n{fill:#5d6873}
#P .closed .label{fill:#5d6873}
#P .more{fill:#0b5cad;font-size:12px;font-weight:600}
#P a:hover .chip{stroke:#0b5cad;stroke-width:2}
#P a:hover .label{text-decoration:underline}
#P a:focus{outline:2px solid #0b5cad}
";
    RULES.replace("#P", &format!("#{p}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> HeatLabels<'static> {
        HeatLabels {
            title: "Risk heat map",
            probability: "Probability",
            impact: "Impact",
            levels: ["Low", "Medium", "High"],
            more: "+{n} more",
            more_href: "#register",
        }
    }

    fn dot(n: usize, title: &str, p: usize, i: usize) -> HeatDot<'_> {
        HeatDot {
            number: n,
            title,
            href: "risks/x.html",
            probability: p,
            impact: i,
            status: "open",
            tooltip: title,
        }
    }

    #[test]
    fn risks_land_in_their_cells_and_link_out() {
        let dots = [dot(1, "High high", 2, 2), dot(2, "Low low", 0, 0)];
        let svg = render("heat", &dots, &labels());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"heat\""), "{svg}");
        assert_eq!(svg.matches("<a href=\"risks/x.html\"").count(), 2);
        // High probability, high impact: the top-right cell (x from 556, y from 10); low and
        // low: the bottom-left cell (x from 84, y from 234).
        for (title, at) in [("High high", "x=\"562\" y=\"16\""), ("Low low", "x=\"90\" y=\"240\"")]
        {
            let chip = &svg[svg.find(&format!("<title>{title}</title>")).unwrap()..];
            let want = format!("<title>{title}</title><rect class=\"chip\" {at}");
            assert!(chip.starts_with(&want), "{title}: {svg}");
        }
        assert_eq!(svg.matches("class=\"cell ").count(), 9);
    }

    #[test]
    fn a_full_cell_folds_the_rest_into_more() {
        let dots: Vec<HeatDot<'_>> = (1..=7).map(|n| dot(n, "Same cell", 1, 1)).collect();
        let svg = render("heat", &dots, &labels());
        assert_eq!(svg.matches("class=\"risk open\"").count(), 3, "{svg}");
        assert!(svg.contains(">+4 more</text>"), "{svg}");
        assert!(svg.contains("<a href=\"#register\" class=\"more\">"), "{svg}");
    }

    #[test]
    fn text_is_escaped() {
        let dots = [HeatDot {
            tooltip: "<script>&\"",
            ..dot(1, "</text><script>alert(1)</script>", 0, 2)
        }];
        let svg = render("x\"y", &dots, &labels());
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("id=\"x_22_y\""), "{svg}");
        assert!(svg.contains("&lt;script&gt;&amp;\""), "{svg}");
    }
}
