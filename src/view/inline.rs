//! Views that show a shared row's fields at their own top level, as `#[serde(flatten)]` does,
//! but serialised as one struct: serde's flatten goes through a map, which makes Tera allocate
//! a key for every field of every page.

use serde::ser::SerializeStruct;
use std::sync::Arc;

/// A struct whose fields other views show inline.
pub(crate) trait Inline {
    /// How many fields `put` serialises.
    const FIELDS: usize;
    /// Serialises each field into `s`.
    ///
    /// # Errors
    /// When the serialiser refuses a field.
    fn put<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error>;
}

impl<T: Inline> Inline for Arc<T> {
    const FIELDS: usize = T::FIELDS;
    fn put<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        (**self).put(s)
    }
}

/// Defines a struct and its `Serialize`. Marked `inline` (`struct X inline { .. }`), it is also
/// `Inline`; a first field marked `flat` has its fields serialised in its place.
macro_rules! flat_struct {
    (
        $(#[$m:meta])* $vis:vis struct $name:ident inline {
            $( $(#[$fm:meta])* $fvis:vis $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[$m])* $vis struct $name { $( $(#[$fm])* $fvis $f: $t ),* }
        impl $crate::view::inline::Inline for $name {
            const FIELDS: usize = [$(stringify!($f)),*].len();
            fn put<S: serde::ser::SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
                $( s.serialize_field(stringify!($f), &self.$f)?; )*
                Ok(())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use $crate::view::inline::Inline as _;
                use serde::ser::SerializeStruct as _;
                let mut s = serializer.serialize_struct(stringify!($name), Self::FIELDS)?;
                self.put(&mut s)?;
                s.end()
            }
        }
    };
    (
        $(#[$m:meta])* $vis:vis struct $name:ident {
            $(#[$rm:meta])* flat $rvis:vis $row:ident : $rt:ty,
            $( $(#[$fm:meta])* $fvis:vis $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[$m])* $vis struct $name {
            $(#[$rm])* $rvis $row: $rt,
            $( $(#[$fm])* $fvis $f: $t ),*
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use $crate::view::inline::Inline;
                use serde::ser::SerializeStruct as _;
                let own = [$(stringify!($f)),*].len();
                let fields = <$rt as Inline>::FIELDS + own;
                let mut s = serializer.serialize_struct(stringify!($name), fields)?;
                self.$row.put(&mut s)?;
                $( s.serialize_field(stringify!($f), &self.$f)?; )*
                s.end()
            }
        }
    };
}
pub(crate) use flat_struct;

#[cfg(test)]
mod tests {
    flat_struct! {
        /// A row.
        #[derive(Clone)]
        struct Row inline {
            a: u32,
            b: &'static str,
        }
    }

    flat_struct! {
        /// A page showing a row.
        struct Page {
            flat row: std::sync::Arc<Row>,
            c: Option<bool>,
        }
    }

    #[derive(serde::Serialize)]
    struct Flattened {
        #[serde(flatten)]
        row: Row2,
        c: Option<bool>,
    }

    #[derive(serde::Serialize)]
    struct Row2 {
        a: u32,
        b: &'static str,
    }

    #[test]
    fn a_page_serialises_as_serdes_flatten_would() {
        let row = Row { a: 7, b: "x" };
        let page = Page { row: std::sync::Arc::new(row.clone()), c: Some(true) };
        let flat = Flattened { row: Row2 { a: 7, b: "x" }, c: Some(true) };
        let (got, want) = (serde_json::to_string(&page).unwrap(), serde_json::to_string(&flat));
        assert_eq!(got, want.unwrap());
        assert_eq!(got, r#"{"a":7,"b":"x","c":true}"#);
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"a":7,"b":"x"}"#);
        // Tera reads the fields by name, as it would the flattened map's.
        let mut ctx = tera::Context::new();
        ctx.insert("p", &page);
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", "{{ p.a }}{{ p.b }}{{ p.c }}").unwrap();
        assert_eq!(tera.render("t", &ctx).unwrap(), "7xtrue");
    }
}
