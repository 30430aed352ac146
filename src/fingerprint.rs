//! Content keys: a 128-bit hash of any serialisable value, so a page whose inputs did not change
//! since the last build can be taken from it instead of rendered again.
//!
//! The encoding fed to the hash is unambiguous: every value starts with a tag byte, strings and
//! bytes carry their length, sequences and maps end with an end tag, floats are hashed by their
//! bits. Two values hash alike only if they serialise alike (up to a 128-bit collision).

use serde::ser::{self, Serialize};
use std::fmt;

/// A running content key: the encoding is gathered and hashed once at the end (one pass of
/// xxh3 over a buffer is much cheaper than feeding a hasher a few bytes at a time).
#[derive(Clone, Default)]
pub(crate) struct Key(Vec<u8>);

/// The key of `what` within `earlier` (one chart of a page, one page of a plan); `None`
/// when there is no earlier key.
pub(crate) fn within(earlier: Option<u128>, what: &str) -> Option<u128> {
    Some(Key::after(earlier?).bytes(what.as_bytes()).finish())
}

impl Key {
    /// A key that goes on from `earlier` (the key of what comes first).
    pub(crate) fn after(earlier: u128) -> Self {
        let mut buf = Vec::with_capacity(1024);
        buf.extend_from_slice(&earlier.to_le_bytes());
        Key(buf)
    }

    /// Adds raw bytes (length-prefixed, so consecutive parts cannot run together).
    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.0.extend_from_slice(b);
        self
    }

    /// Adds a value as it serialises. Serialising cannot fail here except by a `Serialize`
    /// impl that fails on purpose; such a value makes the key unusable (`None`).
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> Option<&mut Self> {
        v.serialize(&mut *self).ok().map(|()| self)
    }

    /// Adds `value` under `name` to the key in `slot`; a value that refuses to serialise
    /// leaves no key (`None`: nothing keyed by it can be trusted).
    pub(crate) fn add_named<T: Serialize + ?Sized>(slot: &mut Option<Key>, name: &str, value: &T) {
        if let Some(k) = slot {
            k.bytes(name.as_bytes());
            if k.value(value).is_none() {
                *slot = None;
            }
        }
    }

    /// The key so far.
    pub(crate) fn finish(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.0)
    }

    /// The key so far, for `name` (one gathered set of values, several uses of it).
    pub(crate) fn finish_for(&self, name: &str) -> u128 {
        let seed = xxhash_rust::xxh3::xxh3_64(name.as_bytes());
        xxhash_rust::xxh3::xxh3_128_with_seed(&self.0, seed)
    }

    fn tag(&mut self, t: u8) {
        self.0.push(t);
    }

    /// A tag and the bytes it introduces (a string, a name).
    fn tagged(&mut self, t: u8, b: &[u8]) {
        self.tag(t);
        self.bytes(b);
    }
}

/// The error of a `Serialize` impl that refuses (never produced by this serialiser itself).
#[derive(Debug)]
pub(crate) struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Refused(msg.to_string())
    }
}

const END: u8 = 0xFF;

macro_rules! number {
    ($($method:ident $ty:ty = $tag:expr;)*) => {
        $(fn $method(self, v: $ty) -> Result<(), Refused> {
            self.tag($tag);
            self.0.extend_from_slice(&v.to_le_bytes());
            Ok(())
        })*
    };
}

impl ser::Serializer for &mut Key {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// Tells values that can stand for something costly by a key of it (a chart drawn only if
    /// its page is rendered) to give the key.
    fn is_human_readable(&self) -> bool {
        false
    }

    number! {
        serialize_i8 i8 = 1; serialize_i16 i16 = 2; serialize_i32 i32 = 3; serialize_i64 i64 = 4;
        serialize_i128 i128 = 5; serialize_u8 u8 = 6; serialize_u16 u16 = 7; serialize_u32 u32 = 8;
        serialize_u64 u64 = 9; serialize_u128 u128 = 10;
    }

    fn serialize_f32(self, v: f32) -> Result<(), Refused> {
        self.tag(11);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Refused> {
        self.tag(12);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_bool(self, v: bool) -> Result<(), Refused> {
        self.tag(13 + u8::from(v));
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Refused> {
        self.tag(15);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Refused> {
        self.tagged(16, v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Refused> {
        self.tagged(17, v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Refused> {
        self.tag(18);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Refused> {
        self.tag(19);
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Refused> {
        self.tag(20);
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Refused> {
        self.tagged(21, name.as_bytes());
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Refused> {
        self.tagged(22, variant.as_bytes());
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Refused> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Refused> {
        self.tagged(23, variant.as_bytes());
        v.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Refused> {
        self.tag(24);
        Ok(self)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self, Refused> {
        self.tag(24);
        Ok(self)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Refused> {
        self.tag(24);
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Refused> {
        self.tagged(25, variant.as_bytes());
        Ok(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Refused> {
        self.tag(26);
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Refused> {
        // A struct hashes like the map the templates see (a flattened struct is a map).
        self.tag(26);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Refused> {
        self.tagged(27, variant.as_bytes());
        Ok(self)
    }
}

/// Sequences and tuples: each element in turn, then the end tag.
macro_rules! elements {
    ($($trait:ident $method:ident;)*) => {
        $(impl ser::$trait for &mut Key {
            type Ok = ();
            type Error = Refused;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Refused> {
                v.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Refused> {
                self.tag(END);
                Ok(())
            }
        })*
    };
}

elements! {
    SerializeSeq serialize_element;
    SerializeTuple serialize_element;
    SerializeTupleStruct serialize_field;
    SerializeTupleVariant serialize_field;
}

impl ser::SerializeMap for &mut Key {
    type Ok = ();
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Refused> {
        k.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Refused> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Refused> {
        self.tag(END);
        Ok(())
    }
}

/// Struct fields: each named as a map key would be (`serialize_str`), a skipped one marked.
macro_rules! fields {
    ($($trait:ident;)*) => {
        $(impl ser::$trait for &mut Key {
            type Ok = ();
            type Error = Refused;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                v: &T,
            ) -> Result<(), Refused> {
                self.tagged(16, name.as_bytes());
                v.serialize(&mut **self)
            }
            fn skip_field(&mut self, name: &'static str) -> Result<(), Refused> {
                self.tagged(28, name.as_bytes());
                Ok(())
            }
            fn end(self) -> Result<(), Refused> {
                self.tag(END);
                Ok(())
            }
        })*
    };
}

fields! {
    SerializeStruct;
    SerializeStructVariant;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn key<T: Serialize + ?Sized>(v: &T) -> u128 {
        Key::default().value(v).map(|k| k.finish()).unwrap()
    }

    #[derive(Serialize)]
    struct Row {
        title: String,
        owner: Option<String>,
        tags: Vec<String>,
        progress: f64,
    }

    #[derive(Serialize)]
    struct Flat {
        #[serde(flatten)]
        row: Row,
        extra: bool,
    }

    fn row(title: &str, owner: Option<&str>, tags: &[&str], progress: f64) -> Row {
        Row {
            title: title.into(),
            owner: owner.map(Into::into),
            tags: tags.iter().map(|s| (*s).to_string()).collect(),
            progress,
        }
    }

    #[test]
    fn equal_values_share_a_key_and_any_change_moves_it() {
        let base = row("Ship", Some("ana"), &["a", "b"], 50.0);
        assert_eq!(key(&base), key(&row("Ship", Some("ana"), &["a", "b"], 50.0)));
        let changed = [
            row("Ship!", Some("ana"), &["a", "b"], 50.0),
            row("Ship", None, &["a", "b"], 50.0),
            row("Ship", Some(""), &["a", "b"], 50.0),
            row("Ship", Some("ana"), &["ab"], 50.0),
            row("Ship", Some("ana"), &["a", "b", ""], 50.0),
            row("Ship", Some("ana"), &["a", "b"], 50.5),
            row("Ship", Some("ana"), &["a", "b"], f64::NAN),
            row("Ship", Some("ana"), &["a", "b"], -0.0),
        ];
        let mut keys: Vec<u128> = changed.iter().map(key).collect();
        keys.push(key(&base));
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "two different values share a key");
    }

    #[test]
    fn strings_cannot_run_together() {
        assert_ne!(key(&("ab", "c")), key(&("a", "bc")));
        assert_ne!(key(&vec![vec!["a"], vec![]]), key(&vec![vec![], vec!["a"]]));
        assert_ne!(key(&None::<u8>), key(&Some(())));
        assert_ne!(key(&1u8), key(&1u16));
    }

    #[test]
    fn a_flattened_struct_keys_like_its_fields() {
        let flat = Flat { row: row("x", None, &[], 1.0), extra: true };
        let other = Flat { row: row("x", None, &[], 1.0), extra: false };
        assert_ne!(key(&flat), key(&other));
        assert_eq!(key(&flat), key(&Flat { row: row("x", None, &[], 1.0), extra: true }));
    }

    #[test]
    fn one_set_of_values_keys_apart_for_each_name() {
        let mut k = Key::after(7);
        k.value(&("a", 1)).unwrap();
        assert_eq!(k.finish_for("task.html"), k.clone().finish_for("task.html"));
        assert_ne!(k.finish_for("task.html"), k.finish_for("goal.html"));
        assert_ne!(
            k.finish_for("task.html"),
            Key::after(8).value(&("a", 1)).unwrap().finish_for("task.html")
        );
    }
}
