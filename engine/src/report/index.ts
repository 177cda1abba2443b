// After-action reports (JSON, Markdown, print-ready HTML) and postmortem Markdown.
export { afterActionReport, reportMarkdown, reportHtml, describeAction, REPORT_FORMAT, type AfterActionReport, type ReportOptions } from './report.ts';
export { postmortemMarkdown, postmortemBlocks, rubricBlocks } from './postmortem.ts';
export { escapeHtml, mdInline, renderMarkdown, renderHtml, type Block } from './blocks.ts';
