import Link from "next/link";

interface TemplateRow {
  templateId: string;
  name: string;
  dataset: string;
  version: number;
  fieldCount: number;
  isBuiltIn: boolean;
}

/** The templates as a table: name (a link to the template), dataset, version and field count. */
export function TemplatesTable({ templates }: { templates: TemplateRow[] }) {
  if (templates.length === 0) return <p className="empty">No templates yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Templates</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Id</th>
            <th scope="col">Dataset</th>
            <th scope="col">Version</th>
            <th scope="col">Fields</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr key={template.templateId}>
              <td className="wrap">
                <Link href={`/templates/${encodeURIComponent(template.templateId)}`}>{template.name}</Link>
                {template.isBuiltIn && <span className="badge template-built-in">built-in</span>}
              </td>
              <td className="wrap">{template.templateId}</td>
              <td className="wrap">{template.dataset}</td>
              <td>{template.version}</td>
              <td>{template.fieldCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
