import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNoIdentifiers, NarrativeVault } from '@fund/privacy';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { ProvideInformationCommand } from './provide-information.command';

@CommandHandler(ProvideInformationCommand)
export class ProvideInformationHandler implements ICommandHandler<ProvideInformationCommand, WorkflowResult> {
  constructor(
    private readonly workflow: FundRequestWorkflow,
    private readonly vault: NarrativeVault,
  ) {}

  async execute(c: ProvideInformationCommand): Promise<WorkflowResult> {
    assertNoIdentifiers('note', c.note);
    const result = await this.workflow.run(
      c.requestId,
      c.context,
      () => ({ type: 'ProvideInformation', data: { providedBy: c.context.actor.userId, organizationId: c.context.actor.organizationId, hasNote: Boolean(c.note) } }),
      c.ifMatch,
    );
    // Only after the decision: a refused answer leaves nothing behind.
    if (c.note) await this.vault.append(c.requestId, 'notes', c.note);
    return result;
  }
}
