//! Labels and messages of health, family support and care. Chinese
//! terms follow the policy: 身体状况日报, 核酸检测, 家事心事急难事, 慰问, 谈心谈话, 党费,
//! 防疫志愿者专属保险.

use super::Entry;
use crate::domain::care::{fmt_day, fmt_yuan};
use crate::domain::time::{fmt_full, fmt_short};
use crate::i18n::Lang;
use crate::store::commands::{CareOutcome, CareRefusal};
use chrono_tz::Tz;

#[rustfmt::skip]
pub const HEALTH: &[Entry] = &[
    ("field.community_id", "Community id", "社区编号"),
    ("alert.positive", "POSITIVE", "阳性"),
    ("alert.unwell", "unwell", "不适"),
    ("alert.no_report", "no report", "未报"),
    ("alert.cases_overdue", "cases late", "帮扶超期"),
    ("person.out_of_service", "out of service (health)", "停岗（健康）"),
    ("report.reported", "✓ reported", "✓ 已报"),
    ("report.late", "✓ late", "✓ 迟报"),
    ("report.due", "◷ due", "◷ 待报"),
    ("report.missing", "✗ MISSING", "✗ 未报"),
    ("test.pending", "pending", "待出"),
    ("test.negative", "negative", "阴性"),
    ("test.positive", "POSITIVE", "阳性"),
    ("test.never", "never", "未检"),
    ("test.overdue", "overdue", "逾期"),
    ("training.self_protection", "self-protection", "自我防护"),
    ("training.psychological", "psychological", "心理调适"),
    ("health.all", "all communities", "全部社区"),
    ("health.medics", "follow-up", "随访医务"),
    ("health.no_medic", "no medic assigned", "未指派医务"),
    ("health.reported", "reported", "已报"),
    ("health.missing", "missing", "未报"),
    ("health.due", "due by", "截止"),
    ("health.unwell", "unwell", "不适"),
    ("health.tests_overdue", "tests overdue", "核酸逾期"),
    ("health.view.all", "everyone", "全部"),
    ("health.view.missing", "not reported", "仅未报"),
    ("health.view.unwell", "unwell", "仅不适"),
    ("health.no_alerts", "No alerts to acknowledge.", "没有待确认的警报。"),
    ("health.ack_hint", "a acknowledges", "按 a 确认"),
    ("health.unwell_mark", "⚠ unwell", "⚠ 不适"),
    ("health.oos", "⛔ off", "⛔ 停岗"),
    ("health.phone", "☎", "☎"),
    ("col.report", "Report", "日报"),
    ("col.temp", "°C", "体温"),
    ("col.symptoms", "Symptoms / note", "症状/备注"),
    ("col.test", "Last test", "核酸"),
    ("col.medic", "Follow-up", "随访"),
    ("col.case", "#", "编号"),
    ("col.summary", "Summary", "情况"),
    ("col.opened", "Opened", "受理"),
    ("col.last_talk", "Talk", "谈心"),
    ("col.self_protection", "Self-prot.", "防护培训"),
    ("col.psychological", "Psych.", "心理培训"),
    ("col.insurance", "Insurance", "保险"),
    ("col.duty", "Duty", "在岗"),
    ("col.date", "Date", "日期"),
    ("col.visitors", "Visitors", "慰问人"),
    ("col.amount", "Dues ¥", "党费(元)"),
    ("col.to", "To", "对象"),
    ("care.people", "People", "人员关爱"),
    ("care.view.all", "everyone", "全部"),
    ("care.view.talk_due", "no talk lately", "未谈心"),
    ("care.view.untrained", "untrained", "未培训"),
    ("care.view.uninsured", "volunteers uninsured", "志愿者未保"),
    ("key.care_view", "everyone / no talk / untrained / uninsured", "全部/未谈心/未培训/未保"),
    ("care.visits", "Care visits", "慰问记录"),
    ("care.dues_total", "party dues spent", "党费支出"),
    ("care.visits_n", "visits", "次慰问"),
    ("cases.pending", "pending", "待办"),
    ("care.talks_due", "no talk", "未谈心"),
    ("care.untrained", "untrained", "未培训"),
    ("care.uninsured_on_duty", "on duty uninsured", "在岗未保"),
    ("care.never", "never", "从未"),
    ("care.na", "—", "—"),
    ("care.none", "✗ none", "✗ 无"),
    ("care.expired", "✗ expired", "✗ 已过期"),
    ("care.to_worker", "worker", "本人"),
    ("care.to_family", "family", "家属"),
    ("care.on_duty", "on duty", "在岗"),
    ("care.duty_mark", "✓", "在岗"),
    ("cases.overdue_mark", "!", "!"),
    ("cases.resolved_at", "resolved", "已办结"),
    ("key.health_report", "health report", "录入日报"),
    ("key.phone_report", "report by phone", "电话报告"),
    ("key.test", "test result", "核酸结果"),
    ("key.health_view", "everyone / not reported / unwell", "全部/未报/不适"),
    ("key.ack", "acknowledge alert", "确认警报"),
    ("key.medic", "assign medic", "指派医务"),
    ("key.return", "return to service", "恢复上岗"),
    ("key.prev_community", "previous community", "上一社区"),
    ("key.next_community", "next community", "下一社区"),
    ("key.case_open", "open case", "新建帮扶"),
    ("key.case_assign", "assign", "分派"),
    ("key.case_progress", "in progress", "办理中"),
    ("key.case_resolve", "resolve", "办结"),
    ("key.family", "family situation", "家庭情况"),
    ("key.visit", "care visit", "慰问"),
    ("key.talk", "talk", "谈心"),
    ("key.training", "training", "培训"),
    ("key.insurance", "insurance", "保险"),
    ("key.next_tab", "people / visits", "人员/慰问"),
    ("form.health", "Health report", "身体状况日报"),
    ("form.health_phone", "Health report (by phone)", "身体状况日报（电话）"),
    ("form.test", "Nucleic-acid test", "核酸检测"),
    ("form.return", "Return to service", "恢复上岗"),
    ("form.medic", "Medical follow-up of a community", "指派社区随访医务"),
    ("form.case_open", "Open a family-support case", "新建家属帮扶"),
    ("form.case_assign", "Assign a case", "分派帮扶"),
    ("form.case_progress", "Case in progress", "帮扶办理中"),
    ("form.case_resolve", "Resolve a case", "办结帮扶"),
    ("form.family", "Family situation", "家庭情况"),
    ("form.visit", "Care visit", "慰问"),
    ("form.talk", "Heart-to-heart talk", "谈心谈话"),
    ("form.training", "Training", "培训"),
    ("form.insurance", "Volunteer insurance", "防疫志愿者保险"),
    ("field.temp", "Temperature °C (blank = not measured)", "体温 °C（留空 = 未测）"),
    ("field.fit", "Feeling fit? (y/n)", "身体良好？(y/n)"),
    ("field.symptoms", "Symptoms (blank = none)", "症状（无则留空）"),
    ("field.day", "Date (blank = today)", "日期（留空 = 今天）"),
    ("field.result", "Result (p pending / n negative / + positive)", "结果（p 待出 / n 阴性 / + 阳性）"),
    ("field.tested_at", "Sampled (blank = the pending test, else now)", "采样时间（留空 = 待出样本或现在）"),
    ("field.site", "Site", "采样点"),
    ("field.end_assignment", "End the assignment? (y/n)", "解除指派？(y/n)"),
    ("field.case", "Case #", "帮扶编号"),
    ("field.category", "Category (childcare eldercare illness housing finances psychological other)", "类别（子女 老人 患病 住房 经济 心理 其他）"),
    ("field.urgency", "Urgency (1 low – 3 high)", "紧急程度（1 缓 – 3 急）"),
    ("field.summary", "Summary (required)", "情况（必填）"),
    ("field.org", "Organisation (party / union / youth / women)", "承办组织（党组织/工会/共青团/妇联）"),
    ("field.helper", "Helper (required)", "帮扶人（必填）"),
    ("field.outcome", "Outcome (required)", "办理结果（必填）"),
    ("field.dependents", "Dependents", "需供养人数"),
    ("field.elderly", "Elderly", "老人"),
    ("field.children", "Children", "子女"),
    ("field.when", "Date (blank = now)", "日期（留空 = 现在）"),
    ("field.visitors", "Visitors (required)", "慰问人（必填）"),
    ("field.amount", "Paid from party dues, yuan", "党费支出（元）"),
    ("field.to_family", "To the family? (y/n)", "慰问家属？(y/n)"),
    ("field.by", "Talk held by (required)", "谈话人（必填）"),
    ("field.training", "Kind (s self-protection / p psychological)", "类别（s 自我防护 / p 心理调适）"),
    ("field.policy", "Policy", "保单号"),
    ("field.from", "From (blank = now)", "生效（留空 = 现在）"),
    ("field.until", "Until (date, required)", "到期（日期，必填）"),
    ("required.outcome", "resolving a case needs an outcome", "办结帮扶必须填写办理结果"),
    ("required.helper", "assigning a case needs a named helper", "分派帮扶必须填写帮扶人"),
    ("required.summary", "a case needs a summary", "帮扶事项必须填写情况"),
    ("required.visitors", "a visit needs its visitors", "慰问必须填写慰问人"),
    ("required.by", "a talk needs who held it", "谈心谈话必须填写谈话人"),
    ("needs_row", "Select a row first.", "请先选择一行。"),
    ("chain.end", "End of the list.", "已到列表末尾。"),
];

fn z(lang: Lang) -> bool {
    lang == Lang::Zh
}

pub fn outcome(lang: Lang, o: &CareOutcome, tz: Tz) -> String {
    use CareOutcome as O;
    let z = z(lang);
    match o {
        O::HealthRecorded {
            name,
            day,
            unwell,
            replaced,
            via_phone,
        } => {
            let d = fmt_day(*day, tz);
            let mut s = if *replaced {
                bi!(
                    lang,
                    format!("{name}'s health report for {d} corrected"),
                    format!("已更正 {name} {d} 的身体状况日报")
                )
            } else {
                bi!(
                    lang,
                    format!("{name}'s health report for {d} saved"),
                    format!("已录入 {name} {d} 的身体状况日报")
                )
            };
            if *via_phone {
                s += if z { "（电话）" } else { " (by phone)" };
            }
            if *unwell {
                s += if z {
                    "；⚠ 身体不适，已提示随访医务"
                } else {
                    "; ⚠ unwell, flagged to the follow-up medic"
                };
            }
            s
        }
        O::TestRecorded {
            name,
            tested_at,
            result,
            ended_shift,
            out_of_service,
        } => {
            let r = crate::i18n::words::test_result(lang, result.as_str());
            let at = fmt_short(*tested_at, tz);
            let mut s = if z {
                format!("已录入 {name} {at} 采样的核酸结果：{r}")
            } else {
                format!("{name}'s test sampled {at}: {r}")
            };
            if *out_of_service {
                s += if *ended_shift {
                    bi!(
                        lang,
                        "; taken off duty, out of service, alert raised",
                        "；已下岗并停岗，警报已发出"
                    )
                } else {
                    bi!(
                        lang,
                        "; out of service, alert raised",
                        "；已停岗，警报已发出"
                    )
                };
            }
            s
        }
        O::ReturnedToService { name } => {
            if z {
                format!("{name} 已恢复上岗资格")
            } else {
                format!("{name} is back in service")
            }
        }
        O::AlertAcknowledged { id, name, .. } => {
            let who = name.clone().unwrap_or_default();
            if z {
                format!("警报 #{id}（{who} 核酸阳性）已确认")
            } else {
                format!("alert #{id} ({who} positive) acknowledged")
            }
        }
        O::MedicAssigned {
            name,
            community,
            ended,
        } => {
            if *ended {
                bi!(
                    lang,
                    format!("{name} no longer follows up {community}"),
                    format!("{name} 已解除 {community} 的随访指派")
                )
            } else {
                bi!(
                    lang,
                    format!("{name} now follows up {community}"),
                    format!("{name} 已指派为 {community} 的随访医务")
                )
            }
        }
        O::CaseOpened { id, name } => {
            if z {
                format!("已为 {name} 新建帮扶 #{id}")
            } else {
                format!("case #{id} opened for {name}")
            }
        }
        O::CaseAssigned {
            id,
            organisation,
            helper,
        } => {
            let org = crate::i18n::words::org(lang, organisation.as_str());
            if z {
                format!("帮扶 #{id} 已分派给 {org} {helper}")
            } else {
                format!("case #{id} assigned to {org}, {helper}")
            }
        }
        O::CaseInProgress { id } => {
            if z {
                format!("帮扶 #{id} 办理中")
            } else {
                format!("case #{id} in progress")
            }
        }
        O::CaseResolved { id } => {
            if z {
                format!("帮扶 #{id} 已办结")
            } else {
                format!("case #{id} resolved")
            }
        }
        O::CaseNoted { id } => {
            if z {
                format!("已为帮扶 #{id} 添加记录")
            } else {
                format!("note added to case #{id}")
            }
        }
        O::CaseReopened { id } => {
            if z {
                format!("帮扶 #{id} 已重新打开")
            } else {
                format!("case #{id} reopened")
            }
        }
        O::FamilyRecorded { name } => {
            if z {
                format!("已更新 {name} 的家庭情况")
            } else {
                format!("{name}'s family situation saved")
            }
        }
        O::VisitRecorded {
            name,
            dues_fen,
            total_fen,
        } => {
            if z {
                format!(
                    "已登记对 {name} 的慰问，党费 ¥{}（累计 ¥{}）",
                    fmt_yuan(*dues_fen),
                    fmt_yuan(*total_fen)
                )
            } else {
                format!(
                    "care visit to {name} recorded, ¥{} from party dues (¥{} so far)",
                    fmt_yuan(*dues_fen),
                    fmt_yuan(*total_fen)
                )
            }
        }
        O::TalkRecorded { name } => {
            if z {
                format!("已登记与 {name} 的谈心谈话")
            } else {
                format!("talk with {name} recorded")
            }
        }
        O::TrainingRecorded { name, kind } => {
            let k = crate::i18n::words::training(lang, kind.as_str());
            if z {
                format!("已登记 {name} 的{k}培训")
            } else {
                format!("{name}'s {k} training recorded")
            }
        }
        O::InsuranceRecorded { name, until } => {
            if z {
                format!("{name} 的志愿者保险有效至 {}", fmt_full(*until, tz))
            } else {
                format!("{name} insured until {}", fmt_full(*until, tz))
            }
        }
    }
}

pub fn refusal(lang: Lang, r: &CareRefusal, tz: Tz) -> String {
    use CareRefusal as R;
    let z = z(lang);
    let pick = |en: String, zh: String| if z { zh } else { en };
    match r {
        R::BadTemperature(c) => pick(
            format!("temperature {c} °C is outside 34–43 °C; check the reading"),
            format!("体温 {c} °C 不在 34–43 °C 范围内，请核对"),
        ),
        R::FutureDate => pick(
            "the date is in the future".into(),
            "日期不能晚于现在".into(),
        ),
        R::OutOfService { name, since } => pick(
            format!(
                "{name} is out of service (health) since {}; return them to service first",
                fmt_full(*since, tz)
            ),
            format!(
                "{name} 自 {} 起因健康原因停岗，须先恢复上岗",
                fmt_full(*since, tz)
            ),
        ),
        R::NotOutOfService(n) => pick(
            format!("{n} is not out of service"),
            format!("{n} 未处于停岗状态"),
        ),
        R::UnknownCase(id) => pick(
            format!("no family-support case #{id}"),
            format!("无此帮扶编号：{id}"),
        ),
        R::CaseResolved(id) => pick(
            format!("case #{id} is already resolved"),
            format!("帮扶 #{id} 已办结"),
        ),
        R::CaseNotResolved(id) => pick(
            format!("case #{id} is not resolved; only a resolved case can be reopened"),
            format!("帮扶 #{id} 尚未办结，只有已办结的帮扶才能重新打开"),
        ),
        R::CaseNotAssigned(id) => pick(
            format!("case #{id} is not assigned yet; assign it first"),
            format!("帮扶 #{id} 尚未分派，请先分派"),
        ),
        R::Required(what) => crate::i18n::words::required(lang, what).to_string(),
        R::BadUrgency(u) => pick(
            format!("urgency {u} must be 1 (low), 2 or 3 (high)"),
            format!("紧急程度 {u} 无效（1 缓、2 中、3 急）"),
        ),
        R::NoAlert => pick("no alert to acknowledge".into(), "没有待确认的警报".into()),
        R::UnknownAlert(id) => pick(format!("no alert #{id}"), format!("无此警报：#{id}")),
        R::AlertAlreadyAcknowledged(id) => pick(
            format!("alert #{id} is already acknowledged"),
            format!("警报 #{id} 已确认"),
        ),
        R::UnknownCommunity(id) => {
            pick(format!("unknown community {id}"), format!("无此社区：{id}"))
        }
        R::NotMedical(n) => pick(
            format!("{n} is not medical staff"),
            format!("{n} 不是医务人员"),
        ),
        R::AlreadyMedic { name, community } => pick(
            format!("{name} already follows up {community}"),
            format!("{name} 已是 {community} 的随访医务"),
        ),
        R::NotMedic { name, community } => pick(
            format!("{name} does not follow up {community}"),
            format!("{name} 不是 {community} 的随访医务"),
        ),
        R::NotVolunteer(n) => pick(
            format!("{n} is not a volunteer; volunteer insurance is for volunteers"),
            format!("{n} 不是志愿者，志愿者专属保险仅限志愿者"),
        ),
        R::Negative => pick(
            "counts and amounts cannot be negative".into(),
            "人数和金额不能为负".into(),
        ),
        R::BadPeriod => pick(
            "the insurance must end after it starts".into(),
            "保险到期时间必须晚于生效时间".into(),
        ),
    }
}
