import { Viewer } from '../vm/vm-facts.repository';

/** The session a request was authenticated with. */
export interface AuthSession extends Viewer {
  uuid: string;
  userUuid: string;
}
