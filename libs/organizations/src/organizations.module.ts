import { Module } from '@nestjs/common';
import { GetOrganizationController } from './get-organization/get-organization.controller';
import { IssueSurvivorReferenceController } from './issue-survivor-reference/issue-survivor-reference.controller';
import { RegisterOrganizationController } from './register-organization/register-organization.controller';
import { RegisterOrganizationHandler } from './register-organization/register-organization.handler';

@Module({
  controllers: [RegisterOrganizationController, GetOrganizationController, IssueSurvivorReferenceController],
  providers: [RegisterOrganizationHandler],
})
export class OrganizationsModule {}
