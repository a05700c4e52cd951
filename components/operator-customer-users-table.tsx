import { ROLE_LABELS } from "@/components/team-requests";
import type { TeamMemberView } from "@/lib/team/team-member";

/** A customer's users, read-only: operators see who can sign in, never a password. */
export function OperatorCustomerUsersTable({ users }: { users: TeamMemberView[] }) {
  if (users.length === 0) return <p className="empty">This customer has no users.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Users of this customer</caption>
      <thead>
        <tr>
          <th scope="col">E-mail</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.userId}>
            <th scope="row">{user.email}</th>
            <td>{user.name}</td>
            <td>{ROLE_LABELS[user.role]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
