//! The Gantt chart's style sheet and its words in each locale.

use crate::meta::Locale;

/// The chart's style sheet, scoped to its id so charts and pages do not restyle each other.
pub(super) fn css(p: &str) -> String {
    const RULES: &str = "
#P{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif;font-size:12px}
#P text{fill:#1f2933}
#P .bg{fill:#fff}
#P .band{fill:#f1f4f8}
#P rect.weekend{fill:#f4f5f7}
#P rect.holiday{fill:#fdecd6}
#P .grid{fill:none;stroke:#e8ebef;stroke-width:1;shape-rendering:crispEdges}
#P .grid-major{fill:none;stroke:#c9d0d9;stroke-width:1;shape-rendering:crispEdges}
#P .hdr-top{font-weight:600;fill:#334155}
#P .hdr-bottom{font-size:11px;fill:#64748b}
#P .hdr-bottom.weekend{fill:#a0aab6}
#P .hdr-bottom.holiday{fill:#b45309;font-weight:600}
#P .goal .label{font-weight:600;fill:#0f172a}
#P .other .label{font-style:italic;fill:#475569}
#P .bar{fill:#fff}
#P .outline{fill:none;stroke:#4a6585;stroke-width:1.2}
#P .status-doing .bar,#P .key-doing .bar{fill:#c3d1e0}
#P .progress{fill:#4a6585}
#P .status-done .bar,#P .key-done .bar,#P .collapsed .bar{fill:#4a6585}
#P .status-blocked .bar,#P .key-blocked .bar{fill:url(#P-blocked)}
#P .status-blocked .outline,#P .key-blocked .outline{stroke:#c92a2a}
#P .critical .outline,#P .key-critical .outline{stroke:#c92a2a;stroke-width:2.2}
#P .late .outline,#P .key-late .outline{stroke:#c92a2a;stroke-width:1.6;stroke-dasharray:4 2}
#P .critical.late .outline{stroke-width:2.2}
#P .baseline{fill:#9aa5b1}
#P .ms{fill:#fff;stroke:#4a6585;stroke-width:1.5}
#P .done .ms{fill:#4a6585}
#P .critical .ms{stroke:#c92a2a;stroke-width:2.2}
#P .late .ms{stroke:#c92a2a}
#P .summary{fill:#c5ced9}
#P .summary-done{fill:#475569}
#P .summary-cap{fill:#475569}
#P .goal-late .summary{fill:#f4c2c2}
#P .goal-late .summary-cap{fill:#c92a2a}
#P .owner,#P .summary-label{font-size:11px;fill:#52606d;stroke:#fff;stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
#P .summary-label{font-weight:600;fill:#334155}
#P .dep{fill:none;stroke:#a3adba;stroke-width:1}
#P .dep.critical{stroke:#c92a2a;stroke-width:1.5}
#P .status-line{stroke:#d9480f;stroke-width:1.5;stroke-dasharray:5 3}
#P .status-flag{fill:#d9480f}
#P .status-date text{fill:#fff;font-size:11px;font-weight:600}
#P .caption{font-weight:600;fill:#64748b;font-size:11px}
#P .legend-text{font-size:11px;fill:#52606d}
#P a:hover .label{text-decoration:underline}
#P a:hover .outline{stroke-width:2.4}
#P a:focus{outline:2px solid #1c7ed6}
";
    RULES.replace("#P", &format!("#{p}"))
}

/// Names and phrases of the chart in each locale: (key, English, Simplified Chinese).
const STRINGS: &[(&str, &str, &str)] = &[
    ("gantt", "Gantt chart", "甘特图"),
    ("critical_path", "critical path", "关键路径"),
    ("next_weeks", "next {n} weeks", "未来 {n} 周"),
    (
        "desc",
        "{tasks} tasks and {milestones} milestones from {from} to {to}; status date {as_of}; {critical} critical, {late} late.",
        "{from}至{to}共 {tasks} 项任务、{milestones} 个里程碑；状态日期 {as_of}；关键 {critical} 项，延期 {late} 项。",
    ),
    ("no_schedule", "No schedule: the dependencies form a cycle.", "无法排期：任务依赖存在循环。"),
    ("no_tasks", "No tasks to show.", "没有可显示的任务。"),
    ("other", "Other tasks", "其他任务"),
    ("n_done", "{n} done tasks", "{n} 项已完成任务"),
    ("owner", "Owner", "负责人"),
    ("status", "Status", "状态"),
    ("progress", "Progress", "进度"),
    ("due", "Due", "截止"),
    ("misses_due", "misses its due date", "将错过截止日期"),
    ("late_by", "late by {n} workdays", "延期 {n} 个工作日"),
    ("workdays", "workdays", "个工作日"),
    ("float", "Float", "浮动时间"),
    ("baseline", "Baseline", "基线"),
    ("variance", "Variance", "偏差"),
    ("after", "After", "前置任务"),
    ("status_date", "Status", "状态日期"),
    ("todo", "To do", "待办"),
    ("doing", "Doing", "进行中"),
    ("blocked", "Blocked", "受阻"),
    ("done", "Done", "已完成"),
    ("cancelled", "Cancelled", "已取消"),
    ("late", "Late", "延期"),
    ("late_forecast", "Late (forecast)", "延期（预测）"),
    ("flex", "Flex", "弹性"),
    ("critical", "Critical", "关键"),
    ("milestone", "Milestone", "里程碑"),
    ("caption_plan", "Goals and tasks", "目标与任务"),
    ("caption_critical", "Critical path", "关键路径"),
    ("caption_ahead", "Next {n} weeks", "未来 {n} 周"),
    ("page_of", "page {k} of {n}", "第 {k}/{n} 页"),
    ("continued", "{title} (cont.)", "{title}（续）"),
];

pub(super) fn tr(loc: Locale, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, ..)| *k == key)
        .map_or("", |(_, en, zh)| if loc == Locale::ZhCn { zh } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages() {
        for (k, en, zh) in STRINGS {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
        let keys: std::collections::BTreeSet<_> = STRINGS.iter().map(|s| s.0).collect();
        assert_eq!(keys.len(), STRINGS.len(), "duplicate key");
    }
}
