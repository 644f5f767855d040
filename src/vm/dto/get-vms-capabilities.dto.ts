import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';

/** An optional list of ZStack tags: strings only, `null` taken as absent. */
const TagList = (example: string[]): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example }),
    IsOptional(),
    IsArray(),
    IsString({ each: true }),
  );

/** ZStack's docs send a lone string, its SDKs a list: a lone string is a list of one. */
const asList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;

export class VmsCapabilitiesParamsDto {
  /**
   * The VMs to decide, as ZStack uuids (32 hex characters; the dashed form and
   * upper case are accepted, and each answer is keyed by the form sent).
   */
  @ApiProperty({
    oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
    example: ['68e8ed0735333faab95816b3e8596cea'],
    maxItems: 1000,
  })
  @Transform(asList)
  @IsDefined()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  vmUuids!: string[];

  /** ZStack's Java SDK sends the tags inside `params`; heeded as the top-level ones are. */
  @TagList(['validationOnly'])
  systemTags?: string[];

  @TagList([])
  userTags?: string[];
}

/** The body of ZStack's GetVmsCapabilities call (`POST /zstack/v1/vm-instances/capabilities`). */
export class GetVmsCapabilitiesDto {
  @ApiProperty({ type: () => VmsCapabilitiesParamsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => VmsCapabilitiesParamsDto)
  params!: VmsCapabilitiesParamsDto;

  /** ZStack system tags; a query ignores them except `validationOnly`. */
  @TagList(['validationOnly'])
  systemTags?: string[];

  /** ZStack user tags; a query ignores them. */
  @TagList([])
  userTags?: string[];
}
