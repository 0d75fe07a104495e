import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, runUnitOfWork, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, EVENT_STORE } from '@fund/platform';
import { assertRegistered, organizationDecider } from '../organization.decider';
import { organizationStreamId } from '../organization.events';
import { survivorReferenceDecider } from '../survivor-reference.decider';
import { survivorStreamId } from '../survivor-reference.events';
import { newSurvivorReference } from '../survivor-reference';
import { IssuedSurvivorReference } from '../organization.view';

@ApiTags('survivor references')
@ApiBearerAuth()
@Controller('survivor-references')
export class IssueSurvivorReferenceController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The provider asks for a reference and keeps it in its own file. Nothing about the survivor
   * is sent: the body is empty.
   */
  @Post()
  @HttpCode(201)
  @Allow('provider')
  @ApiOperation({ summary: "Get a new survivor reference", description: "An opaque reference for one survivor, issued to the caller's organization. Nothing about the survivor is sent: the body is empty." })
  @ApiResponse({ status: 201, type: IssuedSurvivorReference })
  @ApiErrors({ 400: [['VALIDATION.FAILED', 'name is not a known field: this request takes no body', { errors: [{ field: 'name', rule: 'unknownField', message: 'name is not a known field: this request takes no body' }] }]], 409: [['SURVIVOR.REFERENCE_EXISTS', "This reference was already issued"]], 422: [['ORGANIZATION.NOT_REGISTERED', "The organization is not registered with the fund; a coordinator registers member agencies"]] })
  async issue(@Ctx() ctx: CommandContext, @Body() body: unknown) {
    const sent = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    if (sent.length > 0) {
      const errors = sent.map((field) => ({ field, rule: 'unknownField', message: `${field} is not a known field: this request takes no body` }));
      throw new DomainError('VALIDATION.FAILED', errors[0]!.message, { errors }, 'validation');
    }
    const organizationId = ctx.actor.organizationId;
    const { result: reference } = await runUnitOfWork(this.store, ctx, async (uow) => {
      const organization = await uow.load(organizationStreamId(organizationId), organizationDecider);
      assertRegistered(organization.state);
      const ref = newSurvivorReference();
      await uow.decide(survivorStreamId(ref), survivorReferenceDecider, { type: 'IssueReference', data: { reference: ref, organizationId } });
      return ref;
    });
    return { reference, organizationId };
  }
}
