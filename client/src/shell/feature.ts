import type { ComponentType } from 'react';
import type { Campaign, CampaignRole } from '@rpg-bot/contracts'; // { id, title, role: 'gm'|'player'|'viewer', createdAt, docs: { shared, gm?, private } }
import type { ApiClient } from '../api';
import type { DocStore, MediaStore, PartyStore } from '../data';

export type Messages = Readonly<Record<string, string>>; // keys are prefixed with the feature id: 'notes.title'
export interface Session {
  readonly userId: string;
  readonly name: string;
}
export interface ClientServices {
  readonly api: ApiClient;
  readonly docs: DocStore;
  readonly party: PartyStore;
  readonly media: MediaStore;
}

export interface AppFeatureProps {
  readonly session: Session;
  readonly services: ClientServices;
  readonly params: Readonly<Record<string, string>>;
}
export interface CampaignFeatureProps extends AppFeatureProps {
  readonly campaign: Campaign;
}

export type FeatureManifest =
  | {
      readonly id: string;
      readonly scope: 'app';
      readonly path: string /* e.g. '' (home) or 'join/:code' */;
      readonly navLabel?: string /* message key */;
      readonly order: number;
      readonly messages: { readonly en: Messages; readonly ru: Messages };
      readonly load: () => Promise<{ default: ComponentType<AppFeatureProps> }>;
    }
  | {
      readonly id: string;
      readonly scope: 'campaign';
      readonly path: string /* tab segment: /campaigns/:campaignId/<path> */;
      readonly navLabel: string;
      readonly order: number;
      readonly requiredRole: CampaignRole /* minimum; gm > player > viewer */;
      readonly messages: { readonly en: Messages; readonly ru: Messages };
      readonly load: () => Promise<{ default: ComponentType<CampaignFeatureProps> }>;
    };
