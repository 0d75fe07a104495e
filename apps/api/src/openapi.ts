import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The api's contract, built from the controllers' decorators: served at /docs, linted and used to type the web app. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('survivor-fund')
      .setDescription('Commands and queries of the survivor support fund. Amounts are integer cents. No survivor identifying information is accepted anywhere.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
