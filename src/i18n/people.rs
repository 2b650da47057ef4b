//! Labels and messages of the roster, the person record, party development and honours.
//! Chinese terms follow the policy text: 党员, 入党积极分子, 入党申请人, 双报到, 发展党员,
//! 选树先进典型, 表彰.

use super::{Entry, Label};
use crate::i18n::Lang;
use crate::store::commands::{PeopleOutcome as O, PeopleRefusal as X};

#[rustfmt::skip]
pub const PEOPLE: &[Entry] = &[
    ("party.tab.dev", "Party development", "发展党员"),
    ("party.tab.honours", "Exemplary models", "选树先进典型"),
    ("col.unit", "Unit", "单位"),
    ("col.party", "Party", "政治面貌"),
    ("col.phone", "Phone", "电话"),
    ("col.dual", "Dual", "双报到"),
    ("sort.name", "name", "姓名"),
    ("sort.code", "staff code", "工号"),
    ("sort.category", "category", "类别"),
    ("sort.unit", "unit", "单位"),
    ("sort.community", "community", "社区"),
    ("sort.party", "party status", "政治面貌"),
    ("sort.status", "status now", "当前状态"),
    ("party.done", "already admitted", "已发展入党"),
    ("nom.done", "already publicised", "已宣传"),
    ("col.dev", "Fast track", "火线发展"),
    ("col.days", "Days", "天数"),
    ("col.honours", "Hon.", "表彰"),
    ("col.deeds", "Deeds", "先进事迹"),
    ("col.evidence", "Record", "提名时实绩"),
    ("col.nominated", "Nominated", "提名"),
    ("state.on_duty", "on duty", "在岗"),
    ("state.out_of_service", "out of service", "停岗"),
    ("state.forced_rest", "forced rest", "强制休息"),
    ("state.resting", "resting", "休息"),
    ("state.off", "off duty", "待命"),
    ("state.retired", "retired", "已离队"),
    ("party.member", "member", "党员"),
    ("party.activist", "activist", "入党积极分子"),
    ("party.applicant", "applicant", "入党申请人"),
    ("party.none", "none", "群众"),
    ("dev.candidate", "candidate", "火线发展对象"),
    ("dev.recommended", "recommended", "已推荐"),
    ("dev.admitted", "admitted", "已发展入党"),
    ("nom.nominated", "nominated", "已提名"),
    ("nom.approved", "approved", "已审定"),
    ("nom.publicised", "publicised", "已宣传"),
    ("roster.sorted", "by", "按"),
    ("key.sort", "sort", "排序"),
    ("key.open_person", "record", "档案"),
    ("key.person_add", "add", "新增"),
    ("key.person_edit", "edit", "修改"),
    ("key.person_retire", "retire / reinstate", "离队/恢复"),
    ("key.party_set", "party / 双报到", "政治面貌/双报到"),
    ("key.nominate", "nominate", "推荐先进"),
    ("key.flag", "fast track", "火线发展"),
    ("key.advance", "next step", "下一步"),
    ("key.party_tab", "development / models", "发展党员/先进典型"),
    ("form.person_add", "Add a person", "新增人员"),
    ("form.person_edit", "Edit a person", "修改人员信息"),
    ("form.person_retire", "Retire from the roster (history kept)", "离队（记录保留）"),
    ("form.person_reinstate", "Back on the roster", "恢复在册"),
    ("form.party", "Party status and dual registration (双报到)", "政治面貌与双报到"),
    ("form.flag", "Flag for fast-track admission", "列为火线发展对象"),
    ("form.nominate", "Nominate an exemplary worker", "推荐先进典型"),
    ("form.advance", "Next step", "下一步"),
    ("field.staff_code", "Staff code (blank: the next free one)", "工号（留空自动编号）"),
    ("field.category_person", "Category: medical, cadre, community or volunteer", "类别：医务、干部、社区或志愿者"),
    ("field.source_unit", "Source unit", "派出单位"),
    ("field.phone_person", "Phone (7–15 digits, optional +)", "电话（7–15位数字，可带+）"),
    ("field.community_person", "Community: name or initials (blank: none)", "所在社区：名称或拼音首字母（可空）"),
    ("field.branch", "Party branch of the work unit (双报到)", "单位党组织（双报到）"),
    ("field.residence", "Residence community (双报到; id or name, blank: none)", "居住地社区（双报到；编号或名称，可空）"),
    ("field.deeds", "Deeds (what they did)", "先进事迹"),
    ("field.retire_reason", "Reason (optional)", "原因（可不填）"),
    ("sec.identity", "Identity", "基本信息"),
    ("sec.party", "Party", "党建"),
    ("sec.record", "Frontline record", "一线实绩"),
    ("sec.shifts", "Shifts", "班次"),
    ("sec.rests", "Rest", "休息"),
    ("sec.health", "Health reports", "健康日报"),
    ("sec.tests", "Nucleic-acid tests", "核酸检测"),
    ("sec.family", "Family", "家庭情况"),
    ("sec.cases", "Family-support cases", "家属帮扶"),
    ("sec.visits", "Care visits", "慰问"),
    ("sec.talks", "Talks", "谈心谈话"),
    ("sec.trainings", "Trainings", "培训"),
    ("sec.honours", "Nominations & honours", "推荐与表彰"),
    ("lbl.hours", "h on duty", "小时在岗"),
    ("lbl.duty_days", "duty days", "个在岗日"),
    ("lbl.shifts", "shifts", "个班次"),
    ("lbl.forced", "forced rests", "次强制休息"),
    ("lbl.talks", "talks", "次谈心"),
    ("lbl.trainings", "trainings", "次培训"),
    ("lbl.commend", "commendations", "次表彰"),
    ("lbl.owed", "comp. leave owed", "欠补休"),
    ("lbl.dual", "dual registration (双报到)", "双报到"),
    ("lbl.branch", "branch", "单位党组织"),
    ("lbl.residence", "residence", "居住地社区"),
    ("lbl.unit", "unit", "单位"),
    ("lbl.phone", "phone", "电话"),
    ("lbl.community", "community", "社区"),
    ("lbl.converted", "converted on the spot", "就地转化"),
    ("lbl.none", "none", "无"),
    ("lbl.yes", "yes", "已报到"),
    ("lbl.no", "no", "未报到"),
    ("lbl.shown", "latest", "最近"),
    ("lbl.of", "of", "/共"),
    ("lbl.by", "by", "推荐人"),
    ("lbl.dependents", "dependents", "需照顾"),
    ("lbl.elderly", "elderly", "老人"),
    ("lbl.children", "children", "子女"),
    ("lbl.family", "to family", "家属"),
    ("lbl.running", "running", "在岗中"),
    ("lbl.retired_at", "retired", "离队于"),
];

pub fn outcome(lang: Lang, o: &O) -> String {
    let z = lang == Lang::Zh;
    let party = |s: &crate::domain::PartyStatus| crate::i18n::words::party(lang, s.as_str());
    match o {
        O::Added {
            name, staff_code, ..
        } => {
            if z {
                format!("已新增 {name}（{staff_code}）")
            } else {
                format!("{name} added as {staff_code}")
            }
        }
        O::Edited {
            name,
            staff_code,
            changed,
        } => {
            let c = changed
                .iter()
                .map(|f| match (z, *f) {
                    (true, "staff_code") => "工号",
                    (true, "name") => "姓名",
                    (true, "category") => "类别",
                    (true, "source_unit") => "单位",
                    (true, "community_id") => "社区",
                    (true, "phone") => "电话",
                    (_, "community_id") => "community",
                    (_, "source_unit") => "unit",
                    (_, f) => f,
                })
                .collect::<Vec<_>>()
                .join(if z { "、" } else { ", " });
            if z {
                format!("已修改 {name}（{staff_code}）：{c}")
            } else {
                format!("{name} ({staff_code}) changed: {c}")
            }
        }
        O::Retired {
            name,
            staff_code,
            cancelled,
        } => {
            if z {
                format!("{name}（{staff_code}）已离队，记录保留；取消已排班次 {cancelled} 个")
            } else {
                format!(
                    "{name} ({staff_code}) retired from the roster, history kept; {cancelled} planned shift(s) cancelled"
                )
            }
        }
        O::Reinstated { name } => {
            if z {
                format!("{name} 已恢复在册")
            } else {
                format!("{name} is back on the roster")
            }
        }
        O::PartySet { name, status, dual } => {
            let d = if *dual {
                super::t!(lang, "lbl.yes")
            } else {
                super::t!(lang, "lbl.no")
            };
            if z {
                format!("{name}：{}，双报到{d}", party(status))
            } else {
                format!("{name}: {}, dual registration {d}", party(status))
            }
        }
        O::Flagged { name } => {
            if z {
                format!("{name} 已列为火线发展对象")
            } else {
                format!("{name} flagged for fast-track admission")
            }
        }
        O::Recommended { name } => {
            if z {
                format!("{name} 已推荐发展")
            } else {
                format!("{name} recommended for admission")
            }
        }
        O::Admitted { name } => {
            if z {
                format!("{name} 已发展入党（政治面貌改为党员）")
            } else {
                format!("{name} admitted to the party (now a member)")
            }
        }
        O::Nominated {
            id,
            name,
            hours,
            duty_days,
        } => {
            if z {
                format!("已推荐 {name} 为先进典型（#{id}；在岗 {hours:.1} 小时、{duty_days} 天）")
            } else {
                format!("{name} nominated (#{id}; {hours:.1} h on duty over {duty_days} days)")
            }
        }
        O::NominationApproved { id, name } => {
            if z {
                format!("推荐 #{id}（{name}）已审定")
            } else {
                format!("nomination #{id} ({name}) approved")
            }
        }
        O::NominationPublicised { id, name } => {
            if z {
                format!("推荐 #{id}（{name}）已宣传")
            } else {
                format!("nomination #{id} ({name}) publicised")
            }
        }
    }
}

pub fn refusal(lang: Lang, r: &X) -> String {
    let z = lang == Lang::Zh;
    match r {
        X::DuplicateCode { staff_code, name } => {
            if z {
                format!("工号 {staff_code} 已被 {name} 使用")
            } else {
                format!("staff code {staff_code} is already {name}'s")
            }
        }
        X::BadStaffCode(c) => {
            if z {
                format!("工号无效：'{c}'（1–20个字符，不含空格或不可见字符，不以 # 开头）")
            } else {
                format!(
                    "bad staff code '{c}' (1–20 characters, no spaces or invisible characters, not starting with #)"
                )
            }
        }
        X::BadName(n) => {
            if z {
                format!("姓名无效：'{n}'（必填，最多40字，不含控制或不可见字符）")
            } else {
                format!(
                    "bad name '{n}' (required, at most 40 characters, no control or invisible characters)"
                )
            }
        }
        X::UnknownCategory(c) => {
            if z {
                format!("未知类别：'{c}'（医务、干部、社区、志愿者）")
            } else {
                format!("unknown category '{c}' (medical, cadre, community or volunteer)")
            }
        }
        X::UnknownParty(p) => {
            if z {
                format!("未知政治面貌：'{p}'（党员、入党积极分子、入党申请人、群众）")
            } else {
                format!("unknown party status '{p}' (member, activist, applicant or none)")
            }
        }
        X::BadPhone(p) => {
            if z {
                format!("电话号码无效：'{p}'（7–15位数字，可带+）")
            } else {
                format!("bad phone number '{p}' (7–15 digits, optional leading +)")
            }
        }
        X::NothingToChange => {
            if z {
                "没有要修改的内容".into()
            } else {
                "nothing to change".into()
            }
        }
        X::OnDuty { name, post } => {
            if z {
                format!("{name} 正在 {post} 在岗，请先下岗再离队")
            } else {
                format!("{name} is on duty at {post}; check them out before retiring them")
            }
        }
        X::NotRetired(n) => {
            if z {
                format!("{n} 仍在册")
            } else {
                format!("{n} is not retired")
            }
        }
        X::NotApplicant { name, status } => {
            let s = super::words::party(lang, status);
            if z {
                format!("{name} 的政治面貌是{s}：只有入党申请人和积极分子可列为发展对象")
            } else {
                format!("{name} is {s}: only applicants and activists are flagged for admission")
            }
        }
        X::AlreadyFlagged { name, status } => {
            let s = status.label(lang);
            if z {
                format!("{name} 已在发展名单中（{s}）")
            } else {
                format!("{name} is already on the development list ({s})")
            }
        }
        X::NotFlagged(n) => {
            if z {
                format!("{n} 不在发展名单中，请先列为火线发展对象")
            } else {
                format!("{n} is not on the development list; flag them first")
            }
        }
        X::DevIs { name, status } => {
            let s = status.label(lang);
            if z {
                format!("{name} 目前为{s}，不能进行这一步")
            } else {
                format!("{name} is {s}; that step does not apply")
            }
        }
        X::DeedsRequired => {
            if z {
                "请填写先进事迹".into()
            } else {
                "the deeds are required".into()
            }
        }
        X::AlreadyNominated { name, id } => {
            if z {
                format!("{name} 已有在办推荐（#{id}）")
            } else {
                format!("{name} already has a nomination in progress (#{id})")
            }
        }
        X::UnknownNomination(id) => {
            if z {
                format!("没有推荐 #{id}")
            } else {
                format!("no nomination #{id}")
            }
        }
        X::NominationIs { id, status } => {
            let s = status.label(lang);
            if z {
                format!("推荐 #{id} 目前{s}，不能进行这一步")
            } else {
                format!("nomination #{id} is {s}; that step does not apply")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Label, words};
    use crate::domain::PartyStatus;
    use crate::i18n::Lang;

    #[test]
    fn every_party_status_stored_has_a_label_in_both_languages() {
        for s in PartyStatus::ALL {
            for l in [Lang::En, Lang::Zh] {
                assert_eq!(words::party(l, s.as_str()), s.label(l));
            }
        }
        assert_eq!(words::party(Lang::Zh, "activist"), "入党积极分子");
        assert_eq!(words::party(Lang::Zh, "applicant"), "入党申请人");
    }
}
