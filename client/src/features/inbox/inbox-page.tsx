/** The phone roles' notification inbox (`/inbox`): the shared list under the app bar's title. */
import { InboxList } from '../../components/inbox-list.tsx';

export function InboxPage() {
  return <InboxList />;
}
