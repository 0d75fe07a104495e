import { Module } from '@nestjs/common';
import { GetOrganizationController } from './get-organization/get-organization.controller';
import { GetOrganizationHandler } from './get-organization/get-organization.handler';
import { IssueSurvivorReferenceController } from './issue-survivor-reference/issue-survivor-reference.controller';
import { RegisterOrganizationController } from './register-organization/register-organization.controller';
import { RegisterOrganizationHandler } from './register-organization/register-organization.handler';

@Module({
  controllers: [RegisterOrganizationController, GetOrganizationController, IssueSurvivorReferenceController],
  providers: [RegisterOrganizationHandler, GetOrganizationHandler],
})
export class OrganizationsModule {}
