import { NewProtocolDto } from '../protocol.dto';

export class DraftProtocolDto extends NewProtocolDto {}
