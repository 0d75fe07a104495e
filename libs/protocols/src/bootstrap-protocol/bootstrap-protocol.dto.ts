import { NewProtocolDto } from '../protocol.dto';

export class BootstrapProtocolDto extends NewProtocolDto {}
