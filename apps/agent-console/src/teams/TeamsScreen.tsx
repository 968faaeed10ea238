import { useState } from 'react';
import { TEAM_LIMITS, type StaffAccount, type Team } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { AdminScreen } from '../shared/AdminScreen';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataListSection, RowButton } from '../shared/DataListSection';
import { Dialog } from '../shared/Dialog';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { FormError, Section } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { useFormSubmit } from '../shared/useFormSubmit';
import { useStaffAccounts } from '../supervisor/useStaffAccounts';
import { createTeam, deleteTeam, updateTeam, useTeams } from './team-set';
import './teams.css';

/** A team's name and members (checkboxes over the enabled agents); used to make a team and to edit one. */
function TeamForm({
  agents,
  initial,
  submitLabel,
  onSave,
  idPrefix,
}: {
  agents: StaffAccount[];
  initial?: Team;
  submitLabel: string;
  onSave: (name: string, agentIds: string[]) => Promise<void>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? '');
  const [members, setMembers] = useState<string[]>(initial?.agentIds ?? []);
  const { busy, error, setError, onSubmit } = useFormSubmit(
    async () => {
      await onSave(name.trim(), members);
      if (!initial) {
        setName('');
        setMembers([]);
      }
    },
    (failure) => (errorCode(failure) === 'conflict' ? t('teams.nameTaken') : errorText(failure)),
  );

  const toggle = (id: string, on: boolean) =>
    setMembers((list) => (on ? [...list.filter((m) => m !== id), id] : list.filter((m) => m !== id)));

  return (
    <ImeSafeForm className="team-form" onSubmit={onSubmit}>
      <label className="field">
        {t('teams.name')}
        <input
          required
          maxLength={TEAM_LIMITS.nameMaxLength}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null); // a refusal was about the name as it was
          }}
        />
      </label>
      <fieldset className="team-members">
        <legend>{t('teams.members')}</legend>
        {agents.length === 0 && <p className="muted">{t('teams.noAgents')}</p>}
        {agents.map((agent) => (
          <label key={agent.id} className="team-member" htmlFor={`${idPrefix}-${agent.id}`}>
            <input
              id={`${idPrefix}-${agent.id}`}
              type="checkbox"
              checked={members.includes(agent.id)}
              onChange={(e) => toggle(agent.id, e.target.checked)}
            />
            {agent.name}
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <button type="submit" className="button primary" disabled={busy || !name.trim()}>
        {submitLabel}
      </button>
    </ImeSafeForm>
  );
}

function ConfirmDelete({ team, onClose }: { team: Team; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  return (
    <ConfirmDialog
      title={t('teams.deleteTitle', { name: team.name })}
      explanation={t('teams.deleteExplanation')}
      confirmLabel={t('teams.delete')}
      doneMessage={t('teams.deleted', { name: team.name })}
      run={() => deleteTeam(workspace.client, team.id)}
      onClose={onClose}
    />
  );
}

/**
 * Supervisors: the teams (section 9), each with its agents; make one, edit its name and members, delete it (its
 * conversations go back to everyone's queue).
 */
export function TeamsScreen() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const teams = useTeams();
  const { accounts, error } = useStaffAccounts();
  const agents = (accounts ?? []).filter((a) => a.role === 'agent' && !a.disabled);
  const nameOf = (id: string) => accounts?.find((a) => a.id === id)?.name ?? t('live.unknownAgent');
  const [editing, setEditing] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  return (
    <AdminScreen
      className="teams-screen"
      titleId="teams-title"
      title={t('teams.screenTitle')}
      side={
        <Section className="card" id="new-team-heading" title={t('teams.newTeam')}>
          <TeamForm
            agents={agents}
            idPrefix="new-team"
            submitLabel={t('teams.add')}
            onSave={async (name, agentIds) => {
              const team = await createTeam(workspace.client, name, agentIds);
              showToast(t('teams.created', { name: team.name }));
            }}
          />
        </Section>
      }
      overlays={
        <>
          {editing && (
            <Dialog title={t('teams.editTitle', { name: editing.name })} onClose={() => setEditing(null)}>
              <div className="dialog-body">
                <TeamForm
                  agents={agents}
                  initial={editing}
                  idPrefix="edit-team"
                  submitLabel={t('teams.save')}
                  onSave={async (name, agentIds) => {
                    const team = await updateTeam(workspace.client, editing.id, { name, agentIds });
                    showToast(t('teams.saved', { name: team.name }));
                    setEditing(null);
                  }}
                />
              </div>
            </Dialog>
          )}
          {deleting && <ConfirmDelete team={deleting} onClose={() => setDeleting(null)} />}
        </>
      }
    >
      <DataListSection
        id="team-list-heading"
        title={t('teams.listTitle')}
        items={teams}
        error={error}
        empty={t('teams.none')}
        rowKey={(team) => team.id}
        rowLabel={(team) => team.name}
        columns={[
          { header: t('teams.name'), labelled: true, cell: (team) => team.name },
          {
            header: t('teams.members'),
            labelled: true,
            cell: (team) =>
              team.agentIds.length === 0 ? (
                <span className="muted">{t('teams.noMembers')}</span>
              ) : (
                team.agentIds.map(nameOf).join(', ')
              ),
          },
        ]}
        actions={{
          label: t('teams.actions'),
          cell: (team) => (
            <>
              <RowButton label={t('teams.editLabel', { name: team.name })} onClick={() => setEditing(team)}>
                {t('teams.edit')}
              </RowButton>{' '}
              <RowButton
                label={t('teams.deleteLabel', { name: team.name })}
                onClick={() => setDeleting(team)}
              >
                {t('teams.delete')}
              </RowButton>
            </>
          ),
        }}
      />
    </AdminScreen>
  );
}
