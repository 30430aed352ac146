//! UI strings, date and number formats for each locale the site speaks.

use crate::meta::Locale;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// (key, English, Simplified Chinese).
const STRINGS: &[(&str, &str, &str)] = &[
    ("dashboard", "Dashboard", "总览"),
    ("goals", "Goals", "目标"),
    ("goal_tree", "Goal decomposition", "目标分解"),
    ("tasks", "Tasks", "任务"),
    ("task", "Task", "任务"),
    ("milestone", "Milestone", "里程碑"),
    ("milestones", "Milestones", "里程碑"),
    ("next_milestones", "Next milestones", "近期里程碑"),
    ("metrics", "Metrics", "指标"),
    ("metric", "Metric", "指标"),
    ("reviews", "Reviews", "复盘"),
    ("review", "Review", "复盘"),
    ("risks", "Risks", "风险"),
    ("risk", "Risk", "风险"),
    ("people", "People", "成员"),
    ("person", "Person", "成员"),
    ("objective", "Objective", "目标陈述"),
    ("owner", "Owner", "负责人"),
    ("status_date", "Status as of", "状态日期"),
    ("start", "Start", "开始"),
    ("end", "End", "结束"),
    ("due", "Due", "截止"),
    ("duration", "Duration", "工期"),
    ("workdays", "workdays", "个工作日"),
    ("progress", "Progress", "进度"),
    ("status", "Status", "状态"),
    ("todo", "To do", "待办"),
    ("doing", "Doing", "进行中"),
    ("blocked", "Blocked", "受阻"),
    ("done", "Done", "已完成"),
    ("cancelled", "Cancelled", "已取消"),
    ("tasks_by_status", "Tasks by status", "任务状态"),
    ("latest_decisions", "Latest review decisions", "最近复盘决定"),
    ("decisions", "Decisions", "决定"),
    ("changes", "Changes", "变更"),
    ("field", "Field", "字段"),
    ("from", "From", "原值"),
    ("to", "To", "新值"),
    ("why", "Why", "原因"),
    ("attendees", "Attendees", "参会人"),
    ("cadence", "Cadence", "频率"),
    ("daily", "Daily", "每日"),
    ("weekly", "Weekly", "每周"),
    ("monthly", "Monthly", "每月"),
    ("parent", "Parent goal", "上级目标"),
    ("sub_goals", "Sub-goals", "子目标"),
    ("goal", "Goal", "目标"),
    ("target", "Target", "目标值"),
    ("baseline", "Baseline", "基线"),
    ("actual", "Actual", "实际"),
    ("latest", "Latest", "最新值"),
    ("definition", "Definition", "口径定义"),
    ("unit", "Unit", "单位"),
    ("granularity", "Granularity", "粒度"),
    ("better", "Better when", "方向"),
    ("higher", "higher", "越高越好"),
    ("lower", "lower", "越低越好"),
    ("source", "Source", "数据来源"),
    ("data", "Data", "数据"),
    ("date", "Date", "日期"),
    ("value", "Value", "数值"),
    ("note", "Note", "备注"),
    ("annotations", "Annotations", "标注"),
    ("alerts", "Alerts", "预警规则"),
    ("then", "Response", "应对"),
    ("plan_b", "Plan B", "预案"),
    ("raci", "RACI", "RACI 责任矩阵"),
    ("responsible", "Responsible", "执行 (R)"),
    ("accountable", "Accountable", "负责 (A)"),
    ("consulted", "Consulted", "咨询 (C)"),
    ("informed", "Informed", "知会 (I)"),
    ("depends_on", "Depends on", "前置任务"),
    ("dependents", "Needed by", "后续任务"),
    ("deliverable", "Deliverable", "交付物"),
    ("acceptance", "Acceptance", "验收标准"),
    ("flex", "Elastic (can be compressed or deferred)", "弹性任务（可压缩或延后）"),
    ("contributes", "Moves metrics", "影响指标"),
    ("tags", "Tags", "标签"),
    ("probability", "Probability", "可能性"),
    ("impact", "Impact", "影响"),
    ("low", "Low", "低"),
    ("medium", "Medium", "中"),
    ("high", "High", "高"),
    ("trigger", "Trigger", "触发条件"),
    ("response", "Response (plan B)", "应对（预案）"),
    ("open", "Open", "未关闭"),
    ("triggered", "Triggered", "已触发"),
    ("mitigated", "Mitigated", "已缓解"),
    ("closed", "Closed", "已关闭"),
    ("team", "Team", "团队"),
    ("capacity", "Capacity", "可用产能"),
    ("email", "Email", "邮箱"),
    ("per_week", "workdays a week", "工作日/周"),
    ("none", "None", "无"),
    ("no_data", "No data yet.", "暂无数据。"),
    ("points", "data points", "个数据点"),
    ("total", "Total", "合计"),
    ("built_with", "Built with jindu", "由 jindu 生成"),
    ("all_tasks", "All tasks", "全部任务"),
    ("kind", "Kind", "类型"),
    ("baseline_dates", "Baseline dates", "基线日期"),
    ("actual_dates", "Actual dates", "实际日期"),
    ("skip", "Skip to content", "跳到正文"),
    ("since", "since", "始于"),
    ("until", "until", "止于"),
    ("schedule", "Schedule", "排期"),
    ("earliest", "Earliest", "最早"),
    ("latest_dates", "Latest", "最晚"),
    ("total_float", "Total float", "总时差"),
    ("free_float", "Free float", "自由时差"),
    ("critical", "Critical", "关键"),
    ("critical_path", "Critical path", "关键路径"),
    ("late", "Late", "延期"),
    ("at_risk", "At risk", "有风险"),
    ("forecast", "Forecast from status", "按进度预测"),
    ("variance", "Variance vs baseline", "相对基线偏差"),
    ("schedule_health", "Schedule health", "进度健康度"),
    ("finish", "Forecast finish", "预计完成"),
    ("slack", "Slack to due date", "距截止余量"),
    ("flex_relief", "Flex tasks that could give time", "可压缩或延后的弹性任务"),
    ("on_track", "On track", "正常"),
    ("meets_due", "Meets due date", "可按期完成"),
    ("misses_due", "Misses due date", "无法按期完成"),
    ("days_late", "workdays late", "个工作日延期"),
    ("days_early", "workdays to spare", "个工作日余量"),
    ("late_tasks", "Late tasks", "延期任务"),
    ("at_risk_tasks", "At-risk tasks", "有风险的任务"),
    ("no_late", "Nothing is late.", "没有延期任务。"),
    ("also_critical", "Also without float", "其他零时差任务"),
    ("per_hour", "Hourly", "每小时"),
    ("per_day", "Daily", "每日"),
    ("per_week_g", "Weekly", "每周"),
    ("per_month", "Monthly", "每月"),
    ("on-track", "On track", "达标"),
    ("at-risk", "At risk", "有风险"),
    ("off-track", "Off track", "未达标"),
    ("no-data", "No data", "无数据"),
    ("attainment", "Attainment", "达成率"),
    ("gap", "Gap to target", "差距"),
    ("change", "Change", "环比"),
    ("fired_alerts", "Alerts that fired", "已触发的预警"),
    ("active", "Active", "进行中"),
    ("resolved", "Over", "已恢复"),
    ("value_when", "Value", "触发值"),
    ("worst", "Worst", "最差值"),
    ("when", "When", "时间"),
    ("trend", "Trend", "趋势"),
    ("reachable", "Trend reaches the target", "按趋势可达标"),
    ("unreachable", "Trend misses the target", "按趋势无法达标"),
    ("target_now", "Target now", "当前目标"),
    ("no_alerts", "No alert has fired.", "没有触发预警。"),
    ("by_week", "By week", "按周"),
    ("gantt", "Gantt", "甘特图"),
    ("gantt_plan", "Whole plan", "全部计划"),
    ("look_ahead", "Next four weeks", "未来四周"),
    ("open_svg", "Open as SVG", "以 SVG 打开"),
    (
        "involved",
        "Also involved (Accountable, Consulted, Informed)",
        "其他参与（负责、咨询、知会）",
    ),
    ("plan", "Plan", "计划"),
    ("type", "Type", "类型"),
    ("lag", "Lag", "间隔"),
    ("colon", ": ", "："),
    ("flex_tag", "flex", "弹性"),
    ("board", "Board", "看板"),
    ("swimlanes", "Swimlanes", "泳道"),
    ("by_goal", "By goal", "按目标"),
    ("by_owner", "By owner", "按负责人"),
    ("tasks_lc", "tasks", "个任务"),
    ("cancelled_hidden", "cancelled not shown", "个已取消任务未显示"),
    ("critical_hint", "no float", "零时差"),
    ("late_hint", "forecast past due or baseline", "预计晚于截止或基线"),
    ("no_goal", "No goal", "未归属目标"),
    ("unassigned", "Unassigned", "未指派"),
    ("handout", "Handout", "会议材料"),
    ("handout_kicker", "Review handout", "复盘会议材料"),
    (
        "handout_hint",
        "Laid out for printing on A4 or Letter: print this page for the review meeting.",
        "按 A4 或 Letter 纸张排版：打印本页用于复盘会议。",
    ),
    ("kpis", "Key metrics", "关键指标"),
    ("health", "Health", "状态"),
    ("more_chains", "more chains on the Gantt page", "条关键链见甘特图页"),
    ("top_risks", "Top risks", "主要风险"),
    ("decisions_needed", "Decisions needed", "待决事项"),
    ("more_items", "more", "项更多"),
    ("more_metrics", "more metrics on the metrics page", "个指标见指标页"),
    (
        "chart_too_big",
        "This chart has {n} rows, too many to show on this page or to print; open it on its own.",
        "此图共 {n} 行，太长，无法在本页显示或打印；请单独打开。",
    ),
    ("more_in_task_list", "more in the task list", "项见任务列表"),
    (
        "more_ahead",
        "more tasks in these weeks on the Gantt page (the most pressing are shown)",
        "项本期任务见甘特图页（此处只列最紧迫的）",
    ),
    ("late_and_at_risk", "Late and at-risk tasks", "延期与有风险的任务"),
    ("since_date", "since", "自"),
    ("decisions_since", "Decisions since the last review", "上次复盘以来的决定"),
    (
        "need_unblock",
        "unblock it, or defer it and say what gives",
        "解除阻塞，或决定延后并说明影响",
    ),
    ("need_alert", "Alert", "预警"),
    ("need_response", "is the response working?", "应对措施是否有效？"),
    ("need_action", "Open action", "未完成事项"),
    ("raci_matrix", "RACI matrix", "RACI 矩阵"),
    ("raci_r", "Responsible: does the work", "执行：完成工作"),
    ("raci_a", "Accountable: answers for it (exactly one)", "负责：对结果负责（仅一人）"),
    ("raci_c", "Consulted: asked before", "咨询：事前征求意见"),
    ("raci_i", "Informed: told after", "知会：事后通知"),
    ("raci_check", "Check", "检查"),
    (
        "raci_issue_tasks",
        "tasks lack a Responsible or have no or several Accountable",
        "个任务缺少执行人，或没有或有多个负责人",
    ),
    ("raci_no_r", "no R", "缺 R"),
    ("raci_no_a", "no A", "缺 A"),
    ("raci_many_a", "A", "个 A"),
    ("load_this_week", "Load this week", "本周负荷"),
    ("overloaded", "Overloaded", "超负荷"),
    ("overloaded_weeks", "weeks from now with more work than capacity", "未来超出产能的周数"),
    ("upcoming_deadlines", "Upcoming deadlines", "近期截止"),
    ("due_lc", "due", "截止"),
    ("ends_lc", "ends", "结束"),
    ("load_per_week", "Load per week", "每周负荷"),
    (
        "load_explained",
        "Workdays of the tasks they are Responsible for, from the schedule; two tasks on one day count two.",
        "按排期统计其执行任务的工作日数；同一天的两个任务计为两天。",
    ),
    ("week", "Week", "周"),
    ("workdays_cap", "Workdays / capacity", "工作日 / 产能"),
    ("load", "Load", "负荷"),
    ("this_week", "this week", "本周"),
    ("meetings", "Meetings", "会议"),
    ("change_log", "Change log", "变更记录"),
    (
        "change_log_explained",
        "Every change decided in a review, newest first; dates moved are counted in workdays of the plan's calendar.",
        "历次复盘决定的变更，最新在前；日期变动按计划日历的工作日计算。",
    ),
    ("moved_by", "Moved", "变动"),
    ("open_actions", "Open action items", "未完成事项"),
    ("heat_map", "Risk heat map: probability × impact", "风险热力图：可能性 × 影响"),
    (
        "heat_map_explained",
        "Each risk sits at its probability (across) and impact (up); cells are shaded and numbered by probability × impact. Numbers match the register.",
        "每个风险按可能性（横轴）与影响（纵轴）放置；格子按可能性 × 影响着色并标注分值。编号与风险登记表一致。",
    ),
    ("n_more", "+{n} more", "另有 {n} 项"),
    ("risk_register", "Risk register", "风险登记表"),
    ("linked", "Linked", "关联"),
    ("note_says", "the note says", "笔记中为"),
    ("score", "Score", "分值"),
    ("since_last_review", "Since the last review", "上次复盘以来"),
    ("finished", "Finished", "已完成"),
    ("started", "Started", "已开始"),
    ("slipped", "Slipped", "延误"),
    ("metrics_moved", "Metrics moved", "指标变化"),
    ("alerts_fired", "Alerts fired", "触发的预警"),
    ("nothing_since", "Nothing has changed since the last review.", "上次复盘以来没有变化。"),
];

/// The UI strings of `locale`, by key.
pub(crate) fn strings(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    STRINGS.iter().map(|(k, en, zh)| (*k, if locale == Locale::ZhCn { *zh } else { *en })).collect()
}

/// One UI string (the key itself when unknown, so a gap shows rather than hides).
pub(crate) fn t(locale: Locale, key: &str) -> String {
    // Pages ask for strings hundreds of thousands of times in a big plan: look them up by hash.
    static INDEX: LazyLock<HashMap<&'static str, usize>> =
        LazyLock::new(|| STRINGS.iter().enumerate().map(|(i, (k, ..))| (*k, i)).collect());
    INDEX.get(key).map_or_else(
        || key.to_string(),
        |&i| {
            let (_, en, zh) = STRINGS[i];
            (if locale == Locale::ZhCn { zh } else { en }).to_string()
        },
    )
}

/// A number with its unit word: `5 workdays`, or `5个工作日` without the space in Chinese.
pub(crate) fn count(locale: Locale, n: impl std::fmt::Display, key: &str) -> String {
    match locale {
        Locale::En => format!("{n} {}", t(locale, key)),
        Locale::ZhCn => format!("{n}{}", t(locale, key)),
    }
}

/// A date as people of `locale` write it: `Nov 24, 2026` or `2026年11月24日`.
pub(crate) fn date(locale: Locale, d: NaiveDate) -> String {
    use crate::digits::{push_padded, push_uint};
    // Written by hand for four-digit years (pages show hundreds of thousands of dates, and
    // chrono's formatter is slow); others as `%b %-d, %Y` through chrono.
    let Some((year, month, day)) = crate::digits::four_digit_year(d) else {
        return match locale {
            Locale::En => d.format("%b %-d, %Y").to_string(),
            Locale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        };
    };
    let mut s = String::with_capacity(16);
    match locale {
        Locale::En => {
            s.push_str(MONTHS[month as usize - 1]);
            s.push(' ');
            push_uint(&mut s, day.into());
            s.push_str(", ");
            push_padded(&mut s, year, 4);
        }
        Locale::ZhCn => {
            push_uint(&mut s, year.into());
            s.push('年');
            push_short(&mut s, locale, month, day);
        }
    }
    s
}

/// English month abbreviations, as chrono's `%b`.
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A short date for tables: `Nov 24` or `11月24日`.
pub(crate) fn short_date(locale: Locale, d: NaiveDate) -> String {
    let mut s = String::with_capacity(12);
    push_short(&mut s, locale, d.month(), d.day());
    s
}

fn push_short(s: &mut String, locale: Locale, month: u32, day: u32) {
    use crate::digits::push_uint;
    match locale {
        Locale::En => {
            s.push_str(MONTHS[month as usize - 1]);
            s.push(' ');
            push_uint(s, day.into());
        }
        Locale::ZhCn => {
            push_uint(s, month.into());
            s.push('月');
            push_uint(s, day.into());
            s.push('日');
        }
    }
}

/// The `lang` attribute of the locale.
pub(crate) fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en",
        Locale::ZhCn => "zh-CN",
    }
}

/// A metric value with its unit: `12.5%`, `$1,234`, `3.20×`, `1,234`.
pub(crate) fn value(v: f64, unit: Option<&str>) -> String {
    let unit = unit.unwrap_or("").trim();
    if v < 0.0 && matches!(unit, "USD" | "$" | "EUR" | "€" | "CNY" | "RMB" | "¥" | "元") {
        // The sign goes before the currency symbol: -$1,130.
        return format!("-{}", value(-v, Some(unit)));
    }
    match unit {
        "%" | "percent" => format!("{}%", fixed(v, 1)),
        "USD" | "$" => format!("${}", grouped(v, if v.abs() >= 1000.0 { 0 } else { 2 })),
        "EUR" | "€" => format!("€{}", grouped(v, if v.abs() >= 1000.0 { 0 } else { 2 })),
        "CNY" | "RMB" | "¥" | "元" => {
            format!("¥{}", grouped(v, if v.abs() >= 1000.0 { 0 } else { 2 }))
        }
        "ratio" | "x" | "×" => format!("{}×", fixed(v, 2)),
        "count" | "" => grouped(v, if v.fract() == 0.0 { 0 } else { 2 }),
        other => format!("{} {other}", grouped(v, if v.fract() == 0.0 { 0 } else { 2 })),
    }
}

fn fixed(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// A number with thousands separators and fixed decimals.
pub(crate) fn grouped(v: f64, places: usize) -> String {
    let s = fixed(v, places);
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    if int.len() <= 3 {
        return s;
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Dates read as chrono (English) and the plain Chinese pattern write them.
        #[test]
        fn dates_are_written_as_the_formatters_would(days in -4_000_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            proptest::prop_assert_eq!(date(Locale::En, d), d.format("%b %-d, %Y").to_string());
            let zh = format!("{}年{}月{}日", d.year(), d.month(), d.day());
            proptest::prop_assert_eq!(date(Locale::ZhCn, d), zh);
            proptest::prop_assert_eq!(short_date(Locale::En, d), d.format("%b %-d").to_string());
            let zh = format!("{}月{}日", d.month(), d.day());
            proptest::prop_assert_eq!(short_date(Locale::ZhCn, d), zh);
        }
    }

    #[test]
    fn every_string_has_both_languages() {
        for (k, en, zh) in STRINGS {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
        let keys: std::collections::BTreeSet<_> = STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), STRINGS.len(), "duplicate key");
    }

    #[test]
    fn dates_and_values() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        assert_eq!(date(Locale::En, d), "Nov 4, 2026");
        assert_eq!(date(Locale::ZhCn, d), "2026年11月4日");
        assert_eq!(value(12.345, Some("%")), "12.3%");
        assert_eq!(value(1_234_567.0, Some("USD")), "$1,234,567");
        assert_eq!(value(3.2, Some("ratio")), "3.20×");
        assert_eq!(value(-1234.0, None), "-1,234");
        assert_eq!(value(-1130.0, Some("USD")), "-$1,130");
        assert_eq!(value(4.5, Some("days")), "4.50 days");
        for (v, places, shown) in [
            (999.0, 0, "999"),
            (-999.5, 1, "-999.5"),
            (1000.0, 2, "1,000.00"),
            (-123_456.789, 1, "-123,456.8"),
            (12_345_678.0, 0, "12,345,678"),
            (f64::NAN, 2, "NaN"),
            (f64::NEG_INFINITY, 0, "-inf"),
        ] {
            assert_eq!(grouped(v, places), shown);
        }
    }
}
