import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class LogInByAccountParamsDto {
  /** @example admin */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  accountName!: string;

  /**
   * What ZStack clients send: the SHA-512 hex digest of the password.
   * @example b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86
   */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

/** The body of ZStack's LogInByAccount call (`PUT /zstack/v1/accounts/login`). */
export class LogInByAccountDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => LogInByAccountParamsDto)
  logInByAccount!: LogInByAccountParamsDto;
}
