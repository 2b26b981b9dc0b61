import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  actorOf,
  CustomersError,
  EnvironmentChanged,
  tenantOf,
  type AddEnvironmentRequest,
  type Caller,
  type ChangeEnvironmentRequest,
  type EnvironmentList,
  type EnvironmentRequest,
  type EnvironmentView,
} from '@vigil/contracts';
import { AuditLog } from '@vigil/platform-audit';
import { OutboxWriter, TransactionClock, UnitOfWork } from '@vigil/platform-runtime';
import { CustomersException } from '../customers.exception';
import { environmentViolations } from '../domain/customer-rules';
import { CustomerRepository } from '../customers/customer.repository';
import { EnvironmentRepository } from './environment.repository';

const notFound = (environmentId: string) => new CustomersException(CustomersError.NotFound, `environment ${environmentId} not found`);

/**
 * A customer's hosted environments: added, changed and retired (never
 * deleted; a retired environment's key stays taken so no alert ever routes
 * to a stranger). Every change is audited and published (EnvironmentChanged).
 */
@Injectable()
export class EnvironmentRecords {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly environments: EnvironmentRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditLog,
    private readonly time: TransactionClock,
  ) {}

  async add(request: AddEnvironmentRequest): Promise<EnvironmentView> {
    const problems = environmentViolations(request.environment);
    if (problems.length > 0) throw new CustomersException(CustomersError.Unprocessable, problems.join('; '), { violations: problems });
    return this.unitOfWork.run(async (manager) => {
      if (!(await this.customers.findById(manager, request.customerId))) throw new CustomersException(CustomersError.NotFound, `customer ${request.customerId} not found`);
      const outcome = await this.environments.insert(manager, request.customerId, request.environmentId, request.environment, this.time.now(manager));
      if (outcome === 'key-taken') throw new CustomersException(CustomersError.Conflict, `environment key "${request.environment.key}" is taken (keys are never reused)`);
      const view = await this.environments.findById(manager, request.customerId, request.environmentId);
      if (outcome === 'id-taken') {
        // A retried request finds what it created; anything else under that id is a conflict.
        if (view?.key === request.environment.key) return view;
        throw new CustomersException(CustomersError.Conflict, `environment id ${request.environmentId} is taken`);
      }
      return this.published(manager, request.caller, 'environment.added', view!, request.environment);
    });
  }

  async change(request: ChangeEnvironmentRequest): Promise<EnvironmentView> {
    return this.unitOfWork.run(async (manager) => {
      const current = await this.environments.findById(manager, request.customerId, request.environmentId);
      if (!current) throw notFound(request.environmentId);
      if (current.state === 'DELETED') throw new CustomersException(CustomersError.Conflict, `environment ${request.environmentId} is retired`);
      const changed = await this.environments.update(manager, request.customerId, request.environmentId, request.expectedRevision, request.change, this.time.now(manager));
      if (!changed) {
        throw new CustomersException(CustomersError.Conflict, `environment ${request.environmentId} is at revision ${current.revision}, not ${request.expectedRevision}`, { revision: current.revision });
      }
      const before = Object.fromEntries(Object.keys(request.change).map((field) => [field, current[field as keyof EnvironmentView] ?? null]));
      return this.published(manager, request.caller, 'environment.changed', changed, request.change, before);
    });
  }

  /** Retiring twice answers the retired environment and changes nothing. */
  async retire(request: EnvironmentRequest): Promise<EnvironmentView> {
    return this.unitOfWork.run(async (manager) => {
      const retired = await this.environments.retire(manager, request.customerId, request.environmentId, this.time.now(manager));
      if (retired) return this.published(manager, request.caller, 'environment.retired', retired, { state: retired.state });
      const existing = await this.environments.findById(manager, request.customerId, request.environmentId);
      if (!existing) throw notFound(request.environmentId);
      return existing;
    });
  }

  async list(caller: Caller, customerId: string): Promise<EnvironmentList> {
    const manager = this.dataSource.manager;
    await this.requireVisibleCustomer(manager, caller, customerId);
    return { items: await this.environments.listByCustomer(manager, customerId) };
  }

  async get(request: EnvironmentRequest): Promise<EnvironmentView> {
    const tenant = tenantOf(request.caller);
    const view = tenant === undefined || tenant === request.customerId ? await this.environments.findById(this.dataSource.manager, request.customerId, request.environmentId) : null;
    if (!view) throw notFound(request.environmentId);
    return view;
  }

  private async requireVisibleCustomer(manager: EntityManager, caller: Caller, customerId: string): Promise<void> {
    const tenant = tenantOf(caller);
    if ((tenant !== undefined && tenant !== customerId) || !(await this.customers.findById(manager, customerId))) {
      throw new CustomersException(CustomersError.NotFound, `customer ${customerId} not found`);
    }
  }

  private async published(manager: EntityManager, caller: Caller, action: string, view: EnvironmentView, after: unknown, before?: unknown): Promise<EnvironmentView> {
    await this.outbox.append(manager, EnvironmentChanged, view);
    await this.audit.append(manager, { actor: actorOf(caller), action, target: `environment:${view.id}`, ...(before ? { before } : {}), after });
    return view;
  }
}
