//! Values in and out: a bound `Value` declares its own type (`param_type`) and encodes itself
//! (`Param`); a column decodes by its type into a `Value` (`Out`), NUMERIC included.

use postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use rusqlite::types::Value;
use std::error::Error;
use std::sync::LazyLock;

type BoxError = Box<dyn Error + Sync + Send>;

/// Oid 0: the server infers the parameter's type from the statement (for a NULL).
static UNSPECIFIED: LazyLock<Type> =
    LazyLock::new(|| Type::new("unspecified".into(), 0, Kind::Simple, "pg_catalog".into()));

/// The type a parameter is prepared with, from the value bound to it.
pub(crate) fn param_type(v: &Value) -> Type {
    match v {
        Value::Integer(_) => Type::INT8,
        Value::Real(_) => Type::FLOAT8,
        Value::Text(_) => Type::TEXT,
        Value::Blob(_) => Type::BYTEA,
        Value::Null => UNSPECIFIED.clone(),
    }
}

/// A bound value. It accepts any type the statement ended with: a NULL binds to whatever the
/// server inferred; the others were prepared with their own type.
#[derive(Debug)]
pub(crate) struct Param<'a>(pub &'a Value);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match (self.0, ty) {
            (Value::Null, _) => return Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => i.to_sql(ty, out)?,
            (Value::Integer(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out)?,
            (Value::Integer(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out)?,
            (Value::Integer(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out)?,
            (Value::Integer(i), &Type::BOOL) => (*i != 0).to_sql(ty, out)?,
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out)?,
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out)?,
            (Value::Text(s), &Type::JSONB) => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(s.as_bytes());
                IsNull::No
            }
            (Value::Text(s), t) if is_text(t) || *t == Type::JSON => {
                out.extend_from_slice(s.as_bytes());
                IsNull::No
            }
            (Value::Blob(b), &Type::BYTEA) => {
                out.extend_from_slice(b);
                IsNull::No
            }
            (v, t) => return Err(format!("cannot bind {v:?} as {t}").into()),
        };
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

/// Whether a column of this type can be read into a `Value`.
pub(crate) fn readable(ty: &Type) -> bool {
    is_text(ty)
        || matches!(
            *ty,
            Type::INT2
                | Type::INT4
                | Type::INT8
                | Type::OID
                | Type::BOOL
                | Type::NUMERIC
                | Type::FLOAT4
                | Type::FLOAT8
                | Type::JSON
                | Type::JSONB
                | Type::BYTEA
        )
}

/// One column read into a `Value`.
pub(crate) struct Out(pub Value);

impl<'a> FromSql<'a> for Out {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Out, BoxError> {
        let v = match *ty {
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::JSONB => match raw.split_first() {
                Some((1, text)) => Value::Text(std::str::from_utf8(text)?.to_owned()),
                _ => return Err("unsupported JSONB encoding version".into()),
            },
            Type::JSON => Value::Text(std::str::from_utf8(raw)?.to_owned()),
            Type::BYTEA => Value::Blob(raw.to_vec()),
            ref t if is_text(t) => Value::Text(std::str::from_utf8(raw)?.to_owned()),
            ref t => return Err(format!("cannot read a value of type {t}").into()),
        };
        Ok(Out(v))
    }

    fn from_sql_null(_: &Type) -> Result<Out, BoxError> {
        Ok(Out(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        readable(ty)
    }
}

/// NUMERIC's binary form: ndigits, weight, sign, dscale (i16/i16/u16/u16), then ndigits base-10000
/// digits, the first worth 10000^weight. Integral values (what `sum(bigint)` returns) that fit
/// an i64 become `Integer`; the others `Real`.
pub(crate) fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<u16, BoxError> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "NUMERIC value too short".into())
    };
    let ndigits = word(0)? as usize;
    let weight = word(1)? as i16 as i32;
    let sign = word(2)?;
    let digits: Vec<u16> = (0..ndigits)
        .map(|i| word(4 + i))
        .collect::<Result<_, _>>()?;
    if digits.iter().any(|&d| d > 9999) {
        return Err("NUMERIC digit out of range".into());
    }
    let negative = match sign {
        0x0000 => false,
        0x4000 => true,
        0xC000 => return Ok(Value::Real(f64::NAN)),
        0xD000 => return Ok(Value::Real(f64::INFINITY)),
        0xF000 => return Ok(Value::Real(f64::NEG_INFINITY)),
        s => return Err(format!("NUMERIC sign {s:#x} unknown").into()),
    };
    // digit i is worth 10000^(weight - i)
    let integral = digits
        .iter()
        .enumerate()
        .all(|(i, &d)| d == 0 || weight - i as i32 >= 0);
    if integral {
        let mut acc: Option<i128> = Some(0);
        for p in 0..=weight.max(-1) {
            let d = digits.get(p as usize).copied().unwrap_or(0);
            acc = acc
                .and_then(|a| a.checked_mul(10_000))
                .and_then(|a| a.checked_add(d.into()));
        }
        let acc = acc.map(|a| if negative { -a } else { a });
        if let Some(n) = acc.and_then(|a| i64::try_from(a).ok()) {
            return Ok(Value::Integer(n));
        }
    }
    let mut text = String::from(if negative { "-" } else { "" });
    if weight < 0 {
        text.push('0');
    }
    for p in 0..=weight {
        text.push_str(&format!(
            "{:04}",
            digits.get(p as usize).copied().unwrap_or(0)
        ));
    }
    text.push('.');
    for p in weight + 1..ndigits as i32 {
        let d = if p < 0 { 0 } else { digits[p as usize] };
        text.push_str(&format!("{d:04}"));
    }
    text.push('0');
    Ok(Value::Real(text.parse()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut b = Vec::new();
        for w in [digits.len() as u16, weight as u16, sign, dscale]
            .into_iter()
            .chain(digits.iter().copied())
        {
            b.extend_from_slice(&w.to_be_bytes());
        }
        b
    }

    #[test]
    fn integral_numerics_are_integers() {
        assert_eq!(numeric(&num(0, 0, 0, &[])).unwrap(), Value::Integer(0));
        assert_eq!(numeric(&num(0, 0, 0, &[42])).unwrap(), Value::Integer(42));
        // 1 0000 0000 0000: trailing zero groups are left out, the weight says where it is
        assert_eq!(
            numeric(&num(3, 0, 0, &[1])).unwrap(),
            Value::Integer(1_000_000_000_000)
        );
        assert_eq!(
            numeric(&num(1, 0x4000, 0, &[12, 3456])).unwrap(),
            Value::Integer(-123_456)
        );
        // 7.00: integral though its scale is 2
        assert_eq!(numeric(&num(0, 0, 2, &[7])).unwrap(), Value::Integer(7));
        assert_eq!(
            numeric(&num(4, 0, 0, &[922, 3372, 368, 5477, 5807])).unwrap(),
            Value::Integer(i64::MAX)
        );
        assert_eq!(
            numeric(&num(4, 0x4000, 0, &[922, 3372, 368, 5477, 5808])).unwrap(),
            Value::Integer(i64::MIN)
        );
    }

    #[test]
    fn fractions_and_huge_numerics_are_reals() {
        assert_eq!(
            numeric(&num(0, 0, 2, &[12, 5000])).unwrap(),
            Value::Real(12.5)
        );
        assert_eq!(
            numeric(&num(-1, 0x4000, 4, &[25])).unwrap(),
            Value::Real(-0.0025)
        );
        assert_eq!(
            numeric(&num(-2, 0, 6, &[7])).unwrap(),
            Value::Real(0.000_000_07)
        );
        assert_eq!(
            numeric(&num(4, 0, 0, &[922, 3372, 368, 5477, 5808])).unwrap(),
            Value::Real(9_223_372_036_854_775_808.0)
        );
        assert!(matches!(numeric(&num(0, 0xC000, 0, &[])).unwrap(), Value::Real(f) if f.is_nan()));
        assert!(numeric(&[0, 1]).is_err());
        assert!(numeric(&num(0, 0, 0, &[10_000])).is_err());
    }
}
