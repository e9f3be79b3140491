//! Workbooks as cities fill them: every sheet, typed cells, numbers written as text kept verbatim,
//! merged ranges, formulas with and without cached results.

use pilot_review::document::model::{CellValue, Merge};
use pilot_review::read::extract::extract_file;
use pilot_review::{DocKind, Limits};
use rust_xlsxwriter::{Format, Formula, Workbook};

#[test]
fn cells_merges_and_formulas() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("附件2.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("试点指标").expect("name");
    ws.merge_range(0, 0, 0, 4, "某市国家产融合作试点指标数据", &Format::new())
        .expect("merge");
    for (c, h) in ["指标类别", "指标名称", "单位", "2022年", "2023年"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).expect("write");
    }
    ws.merge_range(2, 0, 3, 0, "金融支持", &Format::new())
        .expect("merge");
    ws.write_string(2, 1, "制造业贷款余额").expect("write");
    ws.write_string(2, 2, "亿元").expect("write");
    ws.write_string(2, 3, "1,234.5").expect("write");
    ws.write_number(2, 4, 1400.2).expect("write");
    ws.write_string(3, 1, "制造业贷款余额增速").expect("write");
    ws.write_number_with_format(3, 4, 0.365, &Format::new().set_num_format("0.0%"))
        .expect("write");
    ws.write_string(3, 3, "约30").expect("write");
    ws.write_formula(4, 4, Formula::new("=E3/D3").set_result("1.13"))
        .expect("formula");
    ws.write_formula(5, 4, Formula::new("=E3*2"))
        .expect("formula");
    wb.add_worksheet().set_name("说明").expect("sheet");
    wb.save(&path).expect("save");

    let d = extract_file(&path, "附件2.xlsx", Limits::default()).expect("extracts");
    assert_eq!(d.kind, DocKind::Indicators, "{}", d.kind_reason);
    assert_eq!(d.title.as_deref(), Some("某市国家产融合作试点指标数据"));
    let book = d.workbook.as_ref().expect("workbook");
    assert_eq!(
        book.sheets
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        vec!["试点指标", "说明"]
    );
    let sheet = &book.sheets[0];
    let cell = |r: u32, c: u32| sheet.cells.iter().find(|x| x.row == r && x.col == c);
    assert_eq!(
        cell(2, 3).map(|c| &c.value),
        Some(&CellValue::Text("1,234.5".into()))
    );
    assert_eq!(
        cell(2, 4).map(|c| &c.value),
        Some(&CellValue::Number(1400.2))
    );
    assert_eq!(
        cell(3, 4).map(|c| &c.value),
        Some(&CellValue::Number(0.365))
    );
    assert_eq!(
        cell(3, 3).map(|c| &c.value),
        Some(&CellValue::Text("约30".into()))
    );
    // The merged category appears once, in its top-left cell.
    assert_eq!(
        cell(2, 0).map(|c| &c.value),
        Some(&CellValue::Text("金融支持".into()))
    );
    assert!(cell(3, 0).is_none());
    assert!(sheet.merged.contains(&Merge {
        first_row: 2,
        first_col: 0,
        last_row: 3,
        last_col: 0
    }));
    let cached = cell(4, 4).expect("formula with result");
    assert_eq!(cached.formula.as_deref(), Some("E3/D3"));
    assert_eq!(cached.value, CellValue::Number(1.13));
    let uncached = cell(5, 4).expect("formula without result");
    assert_eq!(uncached.formula.as_deref(), Some("E3*2"));
    // Blocks carry the sheet name as their section.
    assert!(d
        .blocks
        .iter()
        .all(|b| b.section == vec!["试点指标".to_string()]));
}
