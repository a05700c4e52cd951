/** The text of `intake --help`. */
export const HELP_TEXT = `Usage: intake <command> [options]

Import CSV files into Intake through its signed API, and follow the jobs.

Commands:
  import <file> --template <id>   Upload the file (resumable), create an import job
                                  and follow it live to its end
  status <jobId> [--wait]         Show a job; with --wait, follow it to its end
  errors <jobId> [--out <file>]   Download a job's error report (CSV) to stdout or a file
  cancel <jobId>                  Cancel a job that has not finished
  templates                       List the templates you can import with
  help                            Show this text

Import options:
  -t, --template <id>             Template that validates the rows (see: intake templates)
  -m, --mapping <field=Header>    Map a template field to a column header of the file;
                                  repeat for more fields (unmapped fields map by name)
  -c, --concurrency <n>           Parts uploaded in parallel for large files (default 4)
      --detach                    Create the job and exit without following it

Common options:
      --url <url>                 Intake server (default: $INTAKE_URL, else http://localhost:3000)
  -h, --help                      Show this text

Environment:
  INTAKE_URL       Intake server URL
  INTAKE_KEY_ID    API key id (ik_…); the demo key is printed on the server's first start
  INTAKE_SECRET    The API key's secret; it signs every request and is never sent

Output:
  Progress goes to stderr (a bar on a terminal, plain lines otherwise). When a job
  ends, the last line on stdout is:
    job <jobId> <state> rows=<n> valid=<n> rejected=<n>

Exit codes:
  0  the job succeeded (or the command did what it was asked)
  2  the job completed with errors: some rows were rejected (see: intake errors <jobId>)
  1  the job failed or was cancelled, or the command failed

An interrupted upload resumes when the same import command runs again: progress
is kept in <file>.intake-upload.json until the upload completes.

Examples:
  intake import contacts.csv --template contacts
  intake import people.csv -t contacts -m email="E-mail address" -m first_name=Given
  intake status 3f1c…-… --wait
  intake errors 3f1c…-… --out rejected.csv
`;
