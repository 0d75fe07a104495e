import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider, organizationStreamId, survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { assertNoIdentifiers, NarrativeVault } from '@fund/privacy';
import { FundRequestWorkflow, type WorkflowResult } from '../fund-request.workflow';
import { NOT_COLLECTED, type Demographics } from '../vocabulary';
import { SubmitFundRequestCommand } from './submit-fund-request.command';

@CommandHandler(SubmitFundRequestCommand)
export class SubmitFundRequestHandler implements ICommandHandler<SubmitFundRequestCommand, WorkflowResult> {
  constructor(
    private readonly workflow: FundRequestWorkflow,
    private readonly vault: NarrativeVault,
  ) {}

  async execute({ requestId, body, context }: SubmitFundRequestCommand): Promise<WorkflowResult> {
    assertNoIdentifiers('narrative', body.narrative);
    const organizationId = context.actor.organizationId;
    const organizationStream = organizationStreamId(organizationId);
    const survivorStream = survivorStreamId(body.survivorReference);
    let stored = false;
    try {
      // The narrative goes to the vault first; if the request is refused it is discarded again.
      // A write outside the unit of work, so it waits for the Idempotency-Key's claim itself.
      if (body.narrative) {
        await context.beforeWrite?.();
        await this.vault.append(requestId, 'narrative', body.narrative);
        stored = true;
      }
      return await this.workflow.run(
        requestId,
        context,
        async (protocol, uow) => ({
          type: 'SubmitFundRequest',
          data: {
            requestId,
            organizationId,
            submitterId: context.actor.userId,
            survivorReference: body.survivorReference,
            category: body.category,
            amountCents: body.amountCents,
            paymentMethod: body.paymentMethod,
            urgency: body.urgency,
            neededBy: body.neededBy,
            demographics: withDefaults(body.demographics),
            hasNarrative: Boolean(body.narrative),
            now: context.now,
            rules: protocol.rules,
            organization: (await uow.load(organizationStream, organizationDecider)).state,
            survivor: (await uow.load(survivorStream, survivorReferenceDecider)).state,
          },
        }),
        undefined,
        (uow) => [uow.load(organizationStream, organizationDecider), uow.load(survivorStream, survivorReferenceDecider)],
      );
    } catch (error) {
      if (stored) await this.vault.discard(requestId);
      throw error;
    }
  }
}

/** Whatever the advocate left out is "not collected" (DTO instances carry unset fields as undefined). */
function withDefaults(given: Partial<Demographics> | undefined): Demographics {
  const set = Object.entries(given ?? {}).filter(([, value]) => value !== undefined);
  return { ...NOT_COLLECTED, ...Object.fromEntries(set) };
}
