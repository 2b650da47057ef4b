//! The Setup screen's forms (基础设置): add or edit a street, community, post, depot or supply
//! item. Their answers make the same `OrgCommand` that `frontline do org …` makes, so the
//! executor validates them, refuses them and audits them the same way. Parent fields (a
//! community's street, a post's community, a depot's post) take a name the executor resolves
//! (`白鹤洞街/白鹤洞东社区` or `#id` when a name is shared), picked as everywhere else
//! (`app::picker`).

use super::form::{FieldKind as F, Form};
use crate::i18n::{Key, Lang, key, t};
use crate::store::commands::{Command, OrgCommand, OrgFields, OrgKind};

/// An organisation form: add a row of a kind, or edit the row the form was opened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgForm {
    Add(OrgKind),
    Edit(OrgKind),
}

impl OrgForm {
    pub fn kind(self) -> OrgKind {
        match self {
            OrgForm::Add(k) | OrgForm::Edit(k) => k,
        }
    }

    /// The fields of a kind, in order (the same for adding and editing).
    pub fn fields(self) -> &'static [F] {
        match self.kind() {
            OrgKind::Street => &[F::OrgName],
            OrgKind::Community => &[F::OrgName, F::OrgStreet],
            OrgKind::Post => &[
                F::OrgName,
                F::OrgCommunity,
                F::PostKind,
                F::Headcount,
                F::ShiftPattern,
            ],
            OrgKind::Depot => &[F::OrgName, F::OrgPost],
            OrgKind::Item => &[
                F::ItemCode,
                F::OrgName,
                F::ItemNameEn,
                F::ItemUnit,
                F::Reorder,
            ],
        }
    }

    pub fn title_key(self) -> Key {
        use OrgKind as K;
        match self {
            OrgForm::Add(K::Street) => key!("form.org_street_add"),
            OrgForm::Add(K::Community) => key!("form.org_community_add"),
            OrgForm::Add(K::Post) => key!("form.org_post_add"),
            OrgForm::Add(K::Depot) => key!("form.org_depot_add"),
            OrgForm::Add(K::Item) => key!("form.org_item_add"),
            OrgForm::Edit(K::Street) => key!("form.org_street_edit"),
            OrgForm::Edit(K::Community) => key!("form.org_community_edit"),
            OrgForm::Edit(K::Post) => key!("form.org_post_edit"),
            OrgForm::Edit(K::Depot) => key!("form.org_depot_edit"),
            OrgForm::Edit(K::Item) => key!("form.org_item_edit"),
        }
    }
}

/// A field's text as given: an empty field gives nothing (the executor says what is required).
fn given(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Form {
    /// The command of an organisation form. Editing names its row by `#id` (`Form::about`).
    pub(super) fn org_command(&self, form: OrgForm, lang: Lang) -> Result<Command, String> {
        let kind = form.kind();
        let v = |k: F| self.value(k).trim().to_string();
        // A picker: the row taken (`#id`), the one its text fits, or the text as typed.
        let pick = |k: F| -> Result<Option<String>, String> {
            Ok(Some(self.pick_arg(lang, k)?.unwrap_or_default()))
        };
        let parent = match kind {
            OrgKind::Community => pick(F::OrgStreet)?,
            OrgKind::Post => pick(F::OrgCommunity)?,
            // Blank: the command-post store (no post).
            OrgKind::Depot => pick(F::OrgPost)?,
            _ => None,
        };
        let has = |k: F| self.fields.iter().any(|f| f.kind == k);
        let mut fields = OrgFields {
            name: given(&v(F::OrgName)),
            parent: parent.filter(|p| !p.is_empty() || kind == OrgKind::Depot),
            ..Default::default()
        };
        if kind == OrgKind::Post {
            fields.kind = given(&v(F::PostKind));
            fields.headcount = given(&v(F::Headcount));
            // Blank: no pattern.
            fields.pattern = Some(v(F::ShiftPattern));
        }
        if kind == OrgKind::Item {
            fields.code = given(&v(F::ItemCode));
            fields.name_en = given(&v(F::ItemNameEn));
            fields.unit = given(&v(F::ItemUnit));
            fields.reorder = has(F::Reorder).then(|| v(F::Reorder));
        }
        Ok(Command::Org(match form {
            OrgForm::Add(_) => {
                // A depot added with no post is the command-post store: no parent given.
                if kind == OrgKind::Depot && fields.parent.as_deref() == Some("") {
                    fields.parent = None;
                }
                OrgCommand::Add { kind, fields }
            }
            OrgForm::Edit(_) => {
                let id = self
                    .about
                    .ok_or_else(|| t!(lang, "setup.needs_row").to_string())?;
                OrgCommand::Edit {
                    kind,
                    target: format!("#{id}"),
                    fields,
                }
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::{FormKind, Prefill};

    fn form(kind: OrgForm, values: &[(F, &str)]) -> Form {
        let pre = Prefill {
            text: values.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            ..Default::default()
        };
        Form::new(FormKind::Org(kind), &pre)
    }

    #[test]
    fn a_post_form_makes_the_command_do_org_post_add_makes() {
        let f = form(
            OrgForm::Add(OrgKind::Post),
            &[
                (F::OrgName, "多宝西卡口"),
                (F::OrgCommunity, " 多宝西社区 "),
                (F::PostKind, "卡口"),
                (F::Headcount, "3"),
                (F::ShiftPattern, "2x12"),
            ],
        );
        let cmd = f
            .org_command(OrgForm::Add(OrgKind::Post), Lang::En)
            .unwrap();
        assert_eq!(
            cmd,
            Command::Org(OrgCommand::Add {
                kind: OrgKind::Post,
                fields: OrgFields {
                    name: Some("多宝西卡口".into()),
                    parent: Some("多宝西社区".into()),
                    kind: Some("卡口".into()),
                    headcount: Some("3".into()),
                    pattern: Some("2x12".into()),
                    ..Default::default()
                }
            })
        );
    }

    #[test]
    fn an_edit_names_its_row_by_id_and_a_blank_depot_post_means_the_store() {
        let mut f = form(OrgForm::Edit(OrgKind::Depot), &[(F::OrgName, "总仓")]);
        assert!(
            f.org_command(OrgForm::Edit(OrgKind::Depot), Lang::En)
                .is_err()
        );
        f.about = Some(7);
        let cmd = f
            .org_command(OrgForm::Edit(OrgKind::Depot), Lang::En)
            .unwrap();
        assert_eq!(
            cmd,
            Command::Org(OrgCommand::Edit {
                kind: OrgKind::Depot,
                target: "#7".into(),
                fields: OrgFields {
                    name: Some("总仓".into()),
                    parent: Some(String::new()),
                    ..Default::default()
                }
            })
        );
        let add = form(OrgForm::Add(OrgKind::Depot), &[(F::OrgName, "总仓")]);
        let Command::Org(OrgCommand::Add { fields, .. }) = add
            .org_command(OrgForm::Add(OrgKind::Depot), Lang::En)
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(fields.parent, None);
    }
}
