import { describe, expect, it } from "vitest";
import { emptyTemplateDraft, toTemplateBody, toTemplateDraft } from "@/components/template-draft";
import { describeIssue, issuesByControl } from "@/components/template-issues";
import { DEFAULT_TEMPLATES } from "@/lib/imports/default-templates";
import { TemplateDefinition } from "@/lib/imports/template";

describe("the template editor's draft", () => {
  it("turns every built-in template into a draft and back into the same definition", () => {
    for (const template of DEFAULT_TEMPLATES) {
      const { version: _version, ...definition } = template;
      expect(TemplateDefinition.parse(toTemplateBody(toTemplateDraft(template)))).toEqual(definition);
    }
  });

  it("sends only the options a field's type has, numbers as numbers, list lines trimmed", () => {
    const draft = emptyTemplateDraft();
    draft.fields[0] = { ...draft.fields[0]!, name: "qty", label: "Qty", type: "integer", pattern: "^x$", maxLength: "9", min: "1", max: " ", aliases: " count \n\n amount " };
    expect(toTemplateBody(draft).fields).toEqual([{ name: "qty", label: "Qty", type: "integer", required: true, aliases: ["count", "amount"], min: 1 }]);
  });
});

describe("the template editor's issues", () => {
  const draft = { ...emptyTemplateDraft(), fields: [{ ...emptyTemplateDraft().fields[0]!, name: "sku" }] };
  const issues = [
    { path: "fields.0.pattern", message: "is not a valid regular expression: Unterminated group" },
    { path: "fields.0.values.1", message: '"a" is listed twice' },
    { path: "keyField", message: "must be one of the fields" },
  ];

  it("puts each message next to its control, naming the line of a list", () => {
    expect(issuesByControl(issues)).toEqual(
      new Map([
        ["fields.0.pattern", ["is not a valid regular expression: Unterminated group"]],
        ["fields.0.values", ['line 2: "a" is listed twice']],
        ["keyField", ["must be one of the fields"]],
      ]),
    );
  });

  it("describes each issue for the summary by the labels the user sees", () => {
    expect(issues.map((issue) => describeIssue(issue, draft))).toEqual([
      "Field 1 (sku), Pattern: is not a valid regular expression: Unterminated group",
      'Field 1 (sku), Allowed values line 2: "a" is listed twice',
      "Record key: must be one of the fields",
    ]);
  });
});
