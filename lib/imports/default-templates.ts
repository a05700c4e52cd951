import { Template } from "@/lib/imports/template";

/** Templates every customer can use without creating one. */
export const DEFAULT_TEMPLATES: readonly Template[] = [
  Template.parse({
    templateId: "contacts",
    name: "Contacts",
    description: "People, keyed by e-mail address.",
    dataset: "contacts",
    keyField: "email",
    fields: [
      { name: "email", label: "E-mail", type: "email", required: true, aliases: ["e-mail", "email address", "mail"] },
      { name: "first_name", label: "First name", type: "string", required: true, maxLength: 100, aliases: ["firstname", "given name"] },
      { name: "last_name", label: "Last name", type: "string", required: true, maxLength: 100, aliases: ["lastname", "surname", "family name"] },
      { name: "company", label: "Company", type: "string", maxLength: 200, aliases: ["organization", "organisation", "employer"] },
      { name: "phone", label: "Phone", type: "string", pattern: "^\\+?[0-9 ()./-]{5,30}$", aliases: ["telephone", "phone number", "mobile"] },
      { name: "country", label: "Country", type: "string", pattern: "^[A-Z]{2}$", aliases: ["country code"] },
      { name: "signup_date", label: "Signup date", type: "date", aliases: ["signed up", "created", "signup"] },
      { name: "opted_in", label: "Opted in", type: "boolean", aliases: ["newsletter", "consent"] },
    ],
  }),
  Template.parse({
    templateId: "orders",
    name: "Orders",
    description: "Orders, keyed by order number.",
    dataset: "orders",
    keyField: "order_id",
    fields: [
      { name: "order_id", label: "Order number", type: "string", required: true, pattern: "^[A-Za-z0-9-]{1,40}$", aliases: ["order", "order number", "id"] },
      { name: "customer_email", label: "Customer e-mail", type: "email", required: true, aliases: ["email", "customer"] },
      { name: "ordered_at", label: "Ordered at", type: "datetime", required: true, aliases: ["date", "order date", "created at"] },
      { name: "status", label: "Status", type: "enum", required: true, values: ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"] },
      { name: "quantity", label: "Quantity", type: "integer", required: true, min: 1, max: 1_000_000, aliases: ["qty"] },
      { name: "total", label: "Total", type: "decimal", required: true, min: 0, aliases: ["amount", "total amount"] },
      { name: "currency", label: "Currency", type: "string", required: true, pattern: "^[A-Z]{3}$" },
    ],
  }),
];

export function findDefaultTemplate(templateId: string): Template | undefined {
  return DEFAULT_TEMPLATES.find((template) => template.templateId === templateId);
}
