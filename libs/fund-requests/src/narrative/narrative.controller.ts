import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, type Actor, type CommandContext } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, Ctx, RecordAccess, UuidParam } from '@fund/platform';
import { NarrativeVault, type NarrativeRead } from '@fund/privacy';
import { FundRequestWorkflow } from '../fund-request.workflow';
import { NarrativeView, REQUEST_COMMAND_ERRORS, REQUEST_NOT_FOUND, ShreddedNarrative } from '../fund-request-command.view';

/**
 * The narrative is read only here, decrypted on demand, for the people deciding or serving
 * the request. Auditors and funders never see it. After shredding it reads "redacted".
 */
@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class NarrativeController {
  constructor(
    private readonly workflow: FundRequestWorkflow,
    private readonly vault: NarrativeVault,
  ) {}

  @Get(':requestId/narrative')
  @Allow('provider', 'council', 'coordinator')
  @ApiOperation({ summary: "Read the narrative and notes of a fund request", description: "Decrypted on demand for the people deciding or serving the request; every read that answers is recorded in the access log (a refused or failed one is not). After shredding it reads \"redacted\"." })
  @ApiResponse({ status: 200, type: NarrativeView })
  @ApiErrors({ 404: [REQUEST_NOT_FOUND] })
  @RecordAccess('fund-request.narrative', { when: 'answered' })
  async read(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor) {
    await this.visible(requestId, actor);
    const [narrative, notes] = await Promise.all([this.vault.read(requestId, 'narrative'), this.vault.read(requestId, 'notes')]);
    const show = (r: NarrativeRead) => (r.status === 'present' ? r.texts : r.status === 'redacted' ? 'redacted' : null);
    return { requestId, narrative: show(narrative), notes: show(notes) };
  }

  /** Crypto-shredding on demand: the key is destroyed, every copy becomes unreadable. */
  @Post(':requestId/narrative/shred')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: "Shred the narrative of a fund request", description: "Crypto-shredding on demand: the key is destroyed, so every copy becomes unreadable." })
  @ApiResponse({ status: 200, type: ShreddedNarrative })
  @ApiErrors(REQUEST_COMMAND_ERRORS)
  async shred(@UuidParam('requestId') requestId: string, @Ctx() ctx: CommandContext) {
    await this.visible(requestId, ctx.actor);
    const shredded = await this.vault.shred(requestId);
    // The key is gone first; the event records that it happened, for auditors.
    await this.workflow.run(requestId, ctx, () => ({ type: 'RecordNarrativeShredded', data: { reason: 'on_demand' } }));
    return { requestId, shredded, narrative: 'redacted' };
  }

  private async visible(requestId: string, actor: Actor): Promise<void> {
    const { state } = await this.workflow.read(requestId);
    if (state.status === 'none' || (actor.role === 'provider' && actor.organizationId !== state.facts.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
  }
}
