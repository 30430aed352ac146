//! Built-in Tera templates embedded in the binary, overridable by name from `<plan>/templates/`;
//! the only module that uses tera.

mod words;

use anyhow::{Context as _, Result, anyhow};
use std::collections::BTreeMap;
use std::path::Path;

/// A Tera holding `sources`, with jindu's filters and escaper.
fn compile(sources: Vec<(String, String)>) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.set_fallback_prefixes([PREFIX]).map_err(|e| anyhow!("{e}"))?;
    tera.add_raw_templates(sources).map_err(|e| anyhow!("template error:\n{e}"))?;
    register_filters(&mut tera);
    // The same entities as Tera's own escaper, written in runs rather than byte by byte.
    tera.set_escape_fn(crate::markdown::escape_to);
    Ok(tera)
}

/// Every built-in template and asset, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("masthead.html", include_str!("../templates/masthead.html")),
    ("footer.html", include_str!("../templates/footer.html")),
    ("components.html", include_str!("../templates/components.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("goals.html", include_str!("../templates/goals.html")),
    ("goal.html", include_str!("../templates/goal.html")),
    ("tasks.html", include_str!("../templates/tasks.html")),
    ("gantt.html", include_str!("../templates/gantt.html")),
    ("board.html", include_str!("../templates/board.html")),
    ("handout.html", include_str!("../templates/handout.html")),
    ("task.html", include_str!("../templates/task.html")),
    ("metrics.html", include_str!("../templates/metrics.html")),
    ("metric.html", include_str!("../templates/metric.html")),
    ("reviews.html", include_str!("../templates/reviews.html")),
    ("review.html", include_str!("../templates/review.html")),
    ("risks.html", include_str!("../templates/risks.html")),
    ("risk.html", include_str!("../templates/risk.html")),
    ("people.html", include_str!("../templates/people.html")),
    ("person.html", include_str!("../templates/person.html")),
    ("raci.html", include_str!("../templates/raci.html")),
    ("style.css", include_str!("../templates/style.css")),
];

/// Bytes set aside for a rendered page before it is made: a task page takes about 6 KB.
const PAGE_BYTES: usize = 16 << 10;

/// Prefix under which built-ins are registered, so a user file of the same name wins.
const PREFIX: &str = "jindu/";

/// Loaded templates plus the site's static assets.
pub struct Templates {
    tera: tera::Tera,
    assets: BTreeMap<String, String>,
    fingerprint: u128,
}

/// Values every page shows, converted for the templates once, with their content key.
#[derive(Default)]
pub struct Shared {
    context: tera::Context,
    key: Option<crate::fingerprint::Key>,
    /// `key` finished, where each page's key starts.
    digest: Option<u128>,
}

impl Shared {
    /// Shared values keyed from `seed` (what else decides the pages: the templates, the jindu
    /// binary); `None` when pages must not be taken from an earlier build.
    pub fn new(seed: Option<u128>) -> Self {
        let key = seed.map(crate::fingerprint::Key::after);
        let digest = key.as_ref().map(crate::fingerprint::Key::finish);
        Shared { context: tera::Context::new(), key, digest }
    }

    /// Adds a serialisable value under `key`.
    pub fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.context.insert(key, value);
        self.add_to_key(key, value);
    }

    /// Keys `value` under `key`, and the digest pages start from.
    fn add_to_key<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        crate::fingerprint::Key::add_named(&mut self.key, key, value);
        self.digest = self.key.as_ref().map(crate::fingerprint::Key::finish);
    }

    /// Adds the interface strings `words` under `key`, escaped once here and marked safe, so
    /// that Tera does not escape them again each time a page prints one (a task page prints
    /// fifty). Templates read them as they would the plain strings.
    pub fn insert_words(
        &mut self,
        key: &'static str,
        words: &BTreeMap<&'static str, &'static str>,
    ) {
        let safe: BTreeMap<&'static str, tera::Value> = words
            .iter()
            .map(|(k, v)| (*k, tera::Value::safe_string(&crate::markdown::escape_all(v))))
            .collect();
        self.context.insert_value(key, tera::Value::from(safe));
        self.add_to_key(key, words);
    }

    /// The content key of what is made by code rather than a template (the whole analysis, a
    /// metric's charts) from `value`; `None` as for `Vars::key`.
    pub fn key_of<T: serde::Serialize + ?Sized>(&self, name: &str, value: &T) -> Option<u128> {
        let mut k = crate::fingerprint::Key::after(self.digest?);
        Some(k.value(value)?.finish_for(name))
    }
}

/// HTML that many pages show alike (the masthead and the footer, under `ui`): rendered once,
/// converted for Tera once, and put into each page as it is.
#[derive(Clone)]
pub struct Fragment(tera::Value);

/// Puts one value into a template context.
type PutValue<'v> = Box<dyn Fn(&mut tera::Context) + 'v>;

/// Values handed to one render: the shared ones and the page's own. A page's values are keyed
/// as they are added and converted for Tera only if the page is rendered (a page taken from the
/// last build never is).
#[derive(Default)]
pub struct Vars<'v> {
    shared: Option<&'v Shared>,
    key: Option<crate::fingerprint::Key>,
    /// Each value, ready to be put into a template context.
    own: Vec<PutValue<'v>>,
}

impl<'v> Vars<'v> {
    /// A page's values on top of `shared`.
    pub fn new(shared: &'v Shared) -> Self {
        let key = shared.digest.map(crate::fingerprint::Key::after);
        Vars { shared: Some(shared), key, own: Vec::new() }
    }

    /// Adds a serialisable value (owned, or a reference that outlives the render) under `key`.
    pub fn insert<T: serde::Serialize + 'v>(&mut self, key: &'static str, value: T) {
        crate::fingerprint::Key::add_named(&mut self.key, key, &value);
        self.own.push(Box::new(move |c: &mut tera::Context| c.insert(key, &value)));
    }

    /// Adds `fragment` under `key` without keying it: it must be made from values that key the
    /// page already.
    pub fn insert_fragment(&mut self, key: &'static str, fragment: Fragment) {
        self.own
            .push(Box::new(move |c: &mut tera::Context| c.insert_value(key, fragment.0.clone())));
    }

    /// These values without a key, for a page keyed by what they are made from instead (later
    /// values are then not keyed either, which is the point: keying a big value costs time).
    #[must_use]
    pub fn unkeyed(mut self) -> Self {
        self.key = None;
        self
    }

    /// The content key of rendering `template` with these values: equal keys, equal pages.
    /// `None` when the shared values have no key (nothing is taken from an earlier build).
    pub fn key(&self, template: &str) -> Option<u128> {
        Some(self.key.as_ref()?.finish_for(template))
    }

    fn context(&self) -> tera::Context {
        let mut c = self.shared.map(|s| s.context.clone()).unwrap_or_default();
        for put in &self.own {
            put(&mut c);
        }
        c
    }
}

impl Templates {
    /// Loads the built-ins, then the `.html` and `.css` files of `overrides` (if it exists).
    /// Symbolic links are never followed, like everywhere in a plan: a linked `overrides` folder
    /// or a linked file in it is skipped (`source::discover` warns about them). Templates are
    /// known only by their file names, so an `include` or `extends` of a path such as
    /// `../../etc/passwd` names no template and is refused.
    pub fn load(overrides: Option<&Path>) -> Result<Self> {
        Self::load_inlined(overrides, None)
    }

    /// As `load`, with the interface strings of `locale` written into the templates' text where
    /// they are printed plainly (see `words`): the pages are the same, made with fewer look-ups.
    pub fn load_for(overrides: Option<&Path>, locale: crate::meta::Locale) -> Result<Self> {
        Self::load_inlined(overrides, Some(locale))
    }

    fn load_inlined(overrides: Option<&Path>, locale: Option<crate::meta::Locale>) -> Result<Self> {
        let mut sources: Vec<(String, String)> = Vec::new();
        let mut assets: BTreeMap<String, String> = BTreeMap::new();
        for (name, text) in BUILTIN {
            if name.ends_with(".css") {
                assets.insert((*name).to_string(), (*text).to_string());
            } else {
                sources.push((format!("{PREFIX}{name}"), (*text).to_string()));
            }
        }
        let real_dir = |d: &&Path| std::fs::symlink_metadata(d).is_ok_and(|m| m.is_dir());
        if let Some(dir) = overrides.filter(real_dir) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .with_context(|| format!("failed to read templates folder `{}`", dir.display()))?
                .filter_map(std::result::Result::ok)
                // The entry's own type: a link is a link, not the file it points to.
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.path())
                .collect();
            entries.sort();
            for path in entries {
                let name =
                    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name.starts_with('.') {
                    continue;
                }
                let bytes = crate::fsx::read(&path)?;
                let text = crate::fsx::decode_text(bytes)
                    .map_err(|_| anyhow!("template `{}` is not valid UTF-8", path.display()))?;
                if name.ends_with(".css") {
                    assets.insert(name, text);
                } else if name.ends_with(".html") {
                    sources.push((name, text));
                }
            }
        }
        let mut key = crate::fingerprint::Key::default();
        for (name, text) in &sources {
            key.bytes(name.as_bytes()).bytes(text.as_bytes());
        }
        let fingerprint = key.finish();
        let inlined = locale.and_then(|l| words::inline(&sources, &crate::i18n::strings(l)));
        // Should the inlined text not compile, the templates as written do, or say why not.
        let tera = match inlined.map(compile) {
            Some(Ok(tera)) => tera,
            _ => compile(sources)?,
        };
        Ok(Templates { tera, assets, fingerprint })
    }

    /// Renders template `name` with `vars`.
    pub fn render(&self, name: &str, vars: &Vars<'_>) -> Result<String> {
        String::from_utf8(self.render_file(name, vars)?)
            .map_err(|e| anyhow!("template `{name}` made text that is not UTF-8: {e}"))
    }

    /// Renders template `name` with `vars` to the bytes of a file: no check that they are UTF-8
    /// (they are made of UTF-8 strings), and room for a page of most sizes from the start.
    pub fn render_file(&self, name: &str, vars: &Vars<'_>) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(PAGE_BYTES);
        self.tera
            .render_to(name, &vars.context(), &mut out)
            .map_err(|e| anyhow!("failed to render `{name}`:\n{e}"))?;
        Ok(out)
    }

    /// Renders each `(key, template)` of `parts` with `vars` as fragments of other pages, less
    /// the one newline a template file ends with: one value with each under its key.
    pub fn fragments(&self, parts: &[(&'static str, &str)], vars: &Vars<'_>) -> Result<Fragment> {
        let mut all = BTreeMap::new();
        for (key, name) in parts {
            let html = self.render(name, vars)?;
            let html = html.strip_suffix('\n').unwrap_or(&html);
            all.insert(*key, tera::Value::safe_string(html));
        }
        Ok(Fragment(tera::Value::from(all)))
    }

    /// A key of every template's name and text: pages made with other templates differ.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// The static assets (CSS) by file name.
    pub fn assets(&self) -> &BTreeMap<String, String> {
        &self.assets
    }
}

/// Filters templates may use beyond Tera's built-ins.
fn register_filters(tera: &mut tera::Tera) {
    // `percent | bar_width` keeps a progress value inside 0..=100 for CSS widths.
    tera.register_filter("clamp_pct", |v: f64, _: tera::Kwargs, _: &tera::State| {
        v.clamp(0.0, 100.0).round() as i64
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(t: &Templates, name: &str) -> Result<String> {
        t.render(name, &Vars::default())
    }

    #[test]
    fn overrides_replace_built_ins_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("extra.html"), "own {{ 1 + 1 }}").unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        std::fs::write(dir.path().join(".hidden.html"), "hidden").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(render(&t, "extra.html").unwrap(), "own 2");
        assert_eq!(t.assets()["style.css"], "body{}");
        assert!(render(&t, ".hidden.html").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_to_templates_are_not_followed() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "SECRET").unwrap();
        std::fs::write(outside.path().join("style.css"), "SECRET").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir(&templates).unwrap();
        symlink(outside.path().join("secret.html"), templates.join("extra.html")).unwrap();
        symlink(outside.path().join("style.css"), templates.join("style.css")).unwrap();
        symlink(outside.path().join("gone.html"), templates.join("dangling.html")).unwrap();
        let t = Templates::load(Some(&templates)).unwrap();
        assert!(render(&t, "extra.html").is_err(), "a linked template was loaded");
        assert!(!t.assets()["style.css"].contains("SECRET"), "a linked stylesheet was loaded");
        // A linked templates folder is not read either.
        let linked = dir.path().join("linked");
        symlink(outside.path(), &linked).unwrap();
        std::fs::write(outside.path().join("real.html"), "SECRET").unwrap();
        let t = Templates::load(Some(&linked)).unwrap();
        assert!(render(&t, "real.html").is_err(), "a template behind a linked folder was loaded");
    }

    #[test]
    fn template_names_cannot_climb_out() {
        let outside = tempfile::tempdir().unwrap();
        let dir = outside.path().join("plan/templates");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(outside.path().join("secret.html"), "SECRET").unwrap();
        for tag in [
            "{% include \"../../secret.html\" %}",
            "{% include \"/etc/passwd\" %}",
            "{% extends \"../../secret.html\" %}",
            "{% include \"jindu/../../secret.html\" %}",
        ] {
            std::fs::write(dir.join("index.html"), tag).unwrap();
            let result = Templates::load(Some(&dir)).and_then(|t| render(&t, "index.html"));
            let e = format!("{:#}", result.expect_err(tag));
            assert!(!e.contains("SECRET"), "{tag}: {e}");
        }
        // Templates are named by their file names only: a name with a path names nothing.
        std::fs::write(dir.join("index.html"), "fine").unwrap();
        let t = Templates::load(Some(&dir)).unwrap();
        assert!(render(&t, "../../secret.html").is_err());
        assert!(render(&t, "index.html").is_ok());
    }
}
