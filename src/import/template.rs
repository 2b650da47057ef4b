//! Empty workbooks for the office to fill: `frontline import template org|roster`.
//! Each data sheet has the headers the import reads, one example row (to be replaced), and
//! drop-down lists for the allowed values; a sheet 说明 explains every column in Chinese.
//! The import reads past 说明, so a filled template imports without edits to its structure.

use super::org::{SHEETS, columns};
use crate::domain::org::{OrgKind, POST_KINDS};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Formula, Workbook, XlsxError};

/// Rows a drop-down or a number check covers below the header.
const ROWS: u32 = 5000;

fn explain(kind: OrgKind, field: &str) -> (&'static str, &'static str) {
    match (kind, field) {
        (OrgKind::Street, "name") => ("街道名称，如 白鹤洞街；同名只导入一次", "白鹤洞街"),
        (OrgKind::Community, "name") => ("社区名称；同一街道内不重复", "白鹤洞东社区"),
        (OrgKind::Community, "parent") => (
            "所属街道：填“街道”表或系统中已有的街道名称（可下拉选择）",
            "白鹤洞街",
        ),
        (OrgKind::Post, "name") => ("点位名称；同一社区内不重复", "白鹤洞东社区卡口"),
        (OrgKind::Post, "kind") => (
            "点位类型：核酸采样点、卡口、封控区、指挥部（下拉选择）",
            "卡口",
        ),
        (OrgKind::Post, "parent") => (
            "所属社区：填“社区”表或系统中已有的社区名称（可下拉选择）",
            "白鹤洞东社区",
        ),
        (OrgKind::Post, "headcount") => ("每班需要的人数，至少 1 的整数", "3"),
        (OrgKind::Post, "pattern") => (
            "班次，用逗号分隔，不得重叠，如 08:00-16:00,16:00-24:00,00:00-08:00，或 2x12（两班各12小时）；可空",
            "08:00-16:00,16:00-24:00,00:00-08:00",
        ),
        (OrgKind::Depot, "name") => ("仓库名称，不重复", "白鹤洞东卡口物资柜"),
        (OrgKind::Depot, "parent") => (
            "所属点位：点位的物资柜填点位名称；指挥部仓库留空",
            "白鹤洞东社区卡口",
        ),
        (OrgKind::Item, "code") => (
            "物资编码，字母数字，不重复（如 N95）；已有编码的行会更新该物资",
            "KN95",
        ),
        (OrgKind::Item, "name") => ("物资中文名称", "KN95口罩"),
        (OrgKind::Item, "name_en") => ("英文名称；可空（同中文名称）", "KN95 masks"),
        (OrgKind::Item, "unit") => ("单位，如 只、套、副", "只"),
        (OrgKind::Item, "unit_en") => ("英文单位；可空", "pcs"),
        (OrgKind::Item, "reorder") => ("库存下限，不小于 0 的整数；可空（0）", "200"),
        _ => ("", ""),
    }
}

fn bold() -> Format {
    Format::new().set_bold()
}

/// The organisation template: 说明, then 街道 社区 点位 仓库 物资.
pub fn org_template() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    {
        let notes = wb.add_worksheet().set_name("说明")?;
        notes.write_row_with_format(0, 0, ["工作表", "列", "必填", "说明", "示例"], &bold())?;
        notes.write_string(1, 0, "填写方法")?;
        notes.write_string(1, 3, "每个工作表第 2 行是示例，请改成本单位的数据（或删除）；列的顺序可以调整，多余的列不会导入；表头不要改。导入：frontline import org 本文件.xlsx（先加 --dry-run 试导入）。")?;
        let mut r = 2;
        for (kind, zh, _) in SHEETS {
            for (field, req, header, _) in columns(*kind) {
                let (text, example) = explain(*kind, field);
                notes.write_row(
                    r,
                    0,
                    [*zh, *header, if *req { "是" } else { "否" }, text, example],
                )?;
                r += 1;
            }
        }
        notes.set_column_width(3, 80)?;
        notes.set_column_width(4, 36)?;
    }
    for (kind, zh, _) in SHEETS {
        let ws = wb.add_worksheet().set_name(*zh)?;
        for (c, (field, _, header, _)) in columns(*kind).iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, *header, &bold())?;
            ws.write_string(1, c, explain(*kind, field).1)?;
            ws.set_column_width(c, 18)?;
            let dv = match (*kind, *field) {
                (OrgKind::Post, "kind") => Some(
                    DataValidation::new()
                        .allow_list_strings(&POST_KINDS.iter().map(|k| k.1).collect::<Vec<_>>())?,
                ),
                (OrgKind::Community, "parent") => Some(list_of("街道")),
                (OrgKind::Post, "parent") => Some(list_of("社区")),
                (OrgKind::Depot, "parent") => Some(list_of("点位")),
                (OrgKind::Post, "headcount") => Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1))
                        .set_error_message("每班人数：至少 1 的整数")?,
                ),
                (OrgKind::Item, "reorder") => Some(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                        .set_error_message("库存下限：不小于 0 的整数")?,
                ),
                _ => None,
            };
            if let Some(dv) = dv {
                ws.add_data_validation(1, c, ROWS, c, &dv)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

/// A drop-down of the names in column A of another sheet (its own rows as they are filled).
fn list_of(sheet: &str) -> DataValidation {
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{sheet}'!$A$2:$A${}", ROWS + 1)))
        .ignore_blank(true)
}

/// The roster template: one sheet 花名册 with the roster import's columns, then 说明.
pub fn roster_template() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let cols: [(&str, bool, &str, &str); 7] = [
        ("姓名", true, "姓名", "林晓"),
        (
            "工号",
            true,
            "工号，不重复；已有工号的行会更新该人员",
            "WJ0001",
        ),
        (
            "类别",
            true,
            "医务人员、机关干部、社区工作者、志愿者（下拉选择）",
            "志愿者",
        ),
        ("单位", false, "派出单位；可空", "荔湾区团委"),
        (
            "社区",
            false,
            "所属社区：须是系统中已有的社区（先导入组织架构）；可空",
            "白鹤洞东社区",
        ),
        (
            "政治面貌",
            false,
            "党员、入党积极分子、入党申请人、群众（下拉选择）；可空",
            "党员",
        ),
        ("电话", false, "7–15 位数字，可带 +；可空", "13800138000"),
    ];
    {
        let ws = wb.add_worksheet().set_name("花名册")?;
        for (c, (h, _, _, ex)) in cols.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, *h, &bold())?;
            ws.write_string(1, c, *ex)?;
            ws.set_column_width(c, 16)?;
        }
        ws.add_data_validation(
            1,
            2,
            ROWS,
            2,
            &DataValidation::new().allow_list_strings(&[
                "医务人员",
                "机关干部",
                "社区工作者",
                "志愿者",
            ])?,
        )?;
        ws.add_data_validation(
            1,
            5,
            ROWS,
            5,
            &DataValidation::new()
                .allow_list_strings(&["党员", "入党积极分子", "入党申请人", "群众"])?
                .ignore_blank(true),
        )?;
        ws.set_freeze_panes(1, 0)?;
    }
    let notes = wb.add_worksheet().set_name("说明")?;
    notes.write_row_with_format(0, 0, ["列", "必填", "说明", "示例"], &bold())?;
    notes.write_string(1, 2, "第 2 行是示例，请改成本单位的数据；列的顺序可以调整，多余的列不会导入。导入：frontline import roster 本文件.xlsx（只读第一个工作表）。")?;
    for (i, (h, req, text, ex)) in cols.iter().enumerate() {
        notes.write_row(
            i as u32 + 2,
            0,
            [*h, if *req { "是" } else { "否" }, *text, *ex],
        )?;
    }
    notes.set_column_width(2, 70)?;
    wb.save_to_buffer()
}
