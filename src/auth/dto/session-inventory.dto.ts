/** ZStack's SessionInventory; dates are ISO 8601 in UTC. */
export class SessionInventoryDto {
  /** The session uuid, sent back as `Authorization: OAuth <uuid>`. */
  uuid!: string;

  accountUuid!: string;

  userUuid!: string;

  /** @example 2026-12-03T18:00:00.000Z */
  expiredDate!: string;

  /** @example 2026-12-03T16:00:00.000Z */
  createDate!: string;
}

export class LogInReplyDto {
  inventory!: SessionInventoryDto;
}

/** The answer of ValidateSession. */
export class SessionValidityDto {
  valid!: boolean;
}
