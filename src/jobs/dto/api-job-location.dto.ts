import { ApiProperty } from '@nestjs/swagger';

/** The answer to a call accepted as a job: where its outcome is polled. */
export class ApiJobLocationDto {
  @ApiProperty({
    example: 'http://localhost:8080/zstack/v1/api-jobs/5d3ab2c1e8f04b7a9c6d2e1f0a9b8c7d',
  })
  location!: string;
}
