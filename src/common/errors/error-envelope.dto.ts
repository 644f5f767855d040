import { ApiProperty } from '@nestjs/swagger';

import { ErrorCode } from './error-code';

/** ZStack's ErrorCode. */
export class ErrorCodeDto {
  /** The error code, such as `SYS.1007` or `ID.1001`. */
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.InvalidArgument })
  code!: ErrorCode;

  /** The catalogue's fixed sentence for the code. */
  @ApiProperty({ example: 'One or more API argument is invalid' })
  description!: string;

  /** What went wrong in this call, for a person. */
  @ApiProperty({ example: 'params.vmUuids must not be empty' })
  details!: string;

  /** Reserved by ZStack; always null. */
  @ApiProperty({ type: String, nullable: true, example: null })
  elaboration!: null;

  /** Reserved by ZStack; always null. */
  @ApiProperty({ type: Object, nullable: true, example: null })
  opaque!: null;

  /** The root ErrorCode, or null. */
  @ApiProperty({ type: () => ErrorCodeDto, nullable: true, example: null })
  cause!: ErrorCodeDto | null;
}

/** The body of every failure. */
export class ErrorEnvelopeDto {
  @ApiProperty({ type: () => ErrorCodeDto })
  error!: ErrorCodeDto;
}
